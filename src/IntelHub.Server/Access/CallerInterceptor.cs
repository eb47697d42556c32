using Grpc.Core;
using Grpc.Core.Interceptors;
using IntelHub.Identity;

namespace IntelHub.Server.Access;

/// <summary>
/// Authentication and authorisation for every RPC, before any service code runs: the agency
/// from the mTLS certificate, the user and role from the bearer token, then the RPC's access
/// rule. Deny by default: an RPC with no rule is refused. Refusals are reported to
/// <see cref="IAccessRefusals"/> so that they are audited.
/// </summary>
public sealed class CallerInterceptor(
    BearerTokenValidator tokens,
    IAgencyDirectory agencies,
    RpcAccessRules rules,
    IAccessRefusals refusals,
    Hosting.HubOptions options) : Interceptor
{
    private const string CallerKey = "intelhub.caller";

    /// <summary>The authenticated caller of the current RPC (set by this interceptor).</summary>
    public static Caller CallerOf(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UserState.TryGetValue(CallerKey, out var caller) && caller is Caller known
            ? known
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "The call was not authenticated."));
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        // Health and reflection: the certificate is enough, and a monitor's call skips the admission's state machine.
        return rules.IsOpenToAnyAgency(context.Method) ? continuation(request, context) : AdmittedAsync(request, context, continuation);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        return rules.IsOpenToAnyAgency(context.Method) ? continuation(request, responseStream, context) : AdmittedAsync(request, responseStream, context, continuation);
    }

    private async Task<TResponse> AdmittedAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        await AdmitAsync(context);
        return await continuation(request, context);
    }

    private async Task AdmittedAsync<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        await AdmitAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        await AdmitAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        await AdmitAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AdmitAsync(ServerCallContext context)
    {
        var method = context.Method;
        if (rules.IsOpenToAnyAgency(method)) return; // health and reflection: the certificate is enough

        var token = context.RequestHeaders.GetValue("authorization");
        var bearer = token is not null && token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? token[7..].Trim() : null;
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        var agencyId = certificate is null ? null : AgencyCertificate.AgencyIdOf(certificate);
        // Plaintext local development has no certificate: the agency is the one the token names,
        // and the token must still come from an issuer trusted for that agency.
        if (agencyId is null && options.AllowPlaintextForLocalDevelopment) agencyId = BearerTokenValidator.AgencyNamedBy(bearer);
        if (agencyId is null)
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "No agency client certificate: connect with the certificate your agency was issued for IntelHub."));
        var agency = agencies.Find(agencyId)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"The client certificate names agency '{agencyId}', which is not a party known to this hub: ask the hub's operators to add it to policies/agencies.yaml."));

        var (caller, problem) = await tokens.ValidateAsync(agencyId, bearer);
        if (caller is null)
            throw new RpcException(new Status(StatusCode.Unauthenticated, problem!));

        // Roles belong to agencies: a trusted identity provider cannot grant its users a role policies/agencies.yaml
        // does not give the agency (an NGO user with 'auditor' would otherwise read every agency's audit entries).
        var role = RoleNames.NameOf(caller.Role);
        var refusal = !agencies.MayHold(agencyId, role)
            ? $"{agency.Name} ({agencyId}) may not hold the role '{role}': policies/agencies.yaml grants it to {Holders(role)}. Ask your identity provider for a role your agency holds."
            : caller.Team is { } team && !agencies.TeamsOf(agencyId).Contains(team, StringComparer.Ordinal)
                ? $"{agency.Name} ({agencyId}) has no team '{team}' in policies/agencies.yaml (its teams: {Teams(agencyId)}). Ask your identity provider for a token naming one of them, or none."
                : rules.Check(method, caller, agency);
        if (refusal is not null)
        {
            await refusals.RecordAsync(caller, method, refusal, context.CancellationToken);
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal));
        }
        context.UserState[CallerKey] = caller;
    }

    private string Teams(string agencyId) => agencies.TeamsOf(agencyId) is { Count: > 0 } teams ? string.Join(", ", teams) : "none";

    private string Holders(string role) => agencies.HoldersOf(role) is { Count: > 0 } holders ? string.Join(", ", holders) : "no agency";
}

/// <summary>Where authorisation failures go: the audit log.</summary>
public interface IAccessRefusals
{
    Task RecordAsync(Caller caller, string method, string reason, CancellationToken cancellationToken);
}
