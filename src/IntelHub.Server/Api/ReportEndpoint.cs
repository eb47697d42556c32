using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Server.Access;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Reports;
using IntelHub.Server.Sharing;

namespace IntelHub.Server.Api;

/// <summary>intelhub.v1.ReportService: thin translation between gRPC and the submission and disclosure use cases.</summary>
internal sealed class ReportEndpoint(Submissions submissions, ItemDisclosures disclosures, SharingPolicy sharing, TimeProvider time) : ReportService.ReportServiceBase
{
    public override async Task<SubmitInformationResponse> SubmitInformation(SubmitInformationRequest request, ServerCallContext context)
    {
        var submission = SubmissionReader.ReadInformation(request, sharing.Areas, Today);
        var receipt = await submissions.SubmitAsync(submission, CallerInterceptor.CallerOf(context), AuditRecorder.TraceId, context.CancellationToken);
        return new SubmitInformationResponse { Receipt = receipt };
    }

    public override async Task<SubmitIntelligenceResponse> SubmitIntelligence(SubmitIntelligenceRequest request, ServerCallContext context)
    {
        var submission = SubmissionReader.ReadIntelligence(request, sharing.Areas, Today);
        var receipt = await submissions.SubmitAsync(submission, CallerInterceptor.CallerOf(context), AuditRecorder.TraceId, context.CancellationToken);
        return new SubmitIntelligenceResponse { Receipt = receipt };
    }

    public override async Task<GetItemResponse> GetItem(GetItemRequest request, ServerCallContext context) =>
        new() { Item = await disclosures.GetAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken) };

    public override Task<SearchItemsResponse> SearchItems(SearchItemsRequest request, ServerCallContext context) =>
        disclosures.SearchAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken);

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
