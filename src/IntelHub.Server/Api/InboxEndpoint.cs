using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Server.Access;
using IntelHub.Server.Inbox;

namespace IntelHub.Server.Api;

/// <summary>intelhub.v1.InboxService: the agency's inbox as a resumable stream, a list, and acknowledgements.</summary>
internal sealed class InboxEndpoint(InboxDeliveries inbox) : InboxService.InboxServiceBase
{
    public override async Task StreamInbox(StreamInboxRequest request, IServerStreamWriter<StreamInboxResponse> responseStream, ServerCallContext context)
    {
        try
        {
            await inbox.StreamAsync(request, CallerInterceptor.CallerOf(context), responseStream, context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away (or the hub is stopping): unacknowledged deliveries are sent again on its next stream.
        }
    }

    public override Task<ListInboxResponse> ListInbox(ListInboxRequest request, ServerCallContext context) =>
        inbox.ListAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken);

    public override Task<AcknowledgeResponse> Acknowledge(AcknowledgeRequest request, ServerCallContext context) =>
        inbox.AcknowledgeAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken);
}
