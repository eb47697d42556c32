using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Server.Access;
using IntelHub.Server.Profiles;

namespace IntelHub.Server.Api;

/// <summary>intelhub.v1.ProblemProfileService: thin translation between gRPC and the problem-profile use cases.</summary>
internal sealed class ProfileEndpoint(ProblemProfiles profiles) : ProblemProfileService.ProblemProfileServiceBase
{
    public override async Task<CompileProblemProfileResponse> CompileProblemProfile(CompileProblemProfileRequest request, ServerCallContext context) =>
        new() { Profile = await profiles.CompileAsync(request, CallerInterceptor.CallerOf(context), progress: null, context.CancellationToken) };

    public override async Task<GetProblemProfileResponse> GetProblemProfile(GetProblemProfileRequest request, ServerCallContext context) =>
        new() { Profile = await profiles.GetAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken) };
}
