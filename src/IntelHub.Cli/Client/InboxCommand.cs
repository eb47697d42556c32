using System.CommandLine;
using Grpc.Core;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Client;

/// <summary>
/// <c>intelhub inbox</c>: what has been routed to your agency; <c>--follow</c> keeps the stream open. Like get and
/// search it declares a purpose: the hub decides each delivery for your role and that purpose as you read it.
/// </summary>
internal static class InboxCommand
{
    public static Command Create()
    {
        var follow = new Option<bool>("--follow") { Description = "Keep the inbox stream open and print deliveries as they arrive." };
        var acknowledge = new Option<bool>("--ack") { Description = "Acknowledge each delivery once printed (the next run resumes after it)." };
        var json = new Option<bool>("--json") { Description = "Print deliveries as JSON." };
        var command = new Command("inbox", "List (or follow) the items routed to your agency, for a declared purpose.")
        {
            ReportCommands.Purpose, ReportCommands.Justification, ReportCommands.CaseReference, follow, acknowledge, json,
        };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var client = new InboxService.InboxServiceClient(channel);
            var ack = result.GetValue(acknowledge);
            if (!result.GetValue(follow))
            {
                var request = new ListInboxRequest { PageSize = 100, Purpose = ReportCommands.PurposeOf(result) };
                var shown = 0;
                do
                {
                    var page = await client.ListInboxAsync(request, cancellationToken: cancellation);
                    foreach (var delivery in page.Deliveries) await Show(delivery);
                    shown += page.Deliveries.Count;
                    request.PageToken = page.NextPageToken;
                }
                while (request.PageToken.Length > 0);
                output.WriteLine(shown == 0 ? "Nothing new in your inbox." : $"{shown} deliveries.");
                return;
            }
            using var stream = client.StreamInbox(new StreamInboxRequest { Purpose = ReportCommands.PurposeOf(result) }, cancellationToken: cancellation);
            output.WriteLine("Following the inbox; Ctrl+C to stop.");
            await foreach (var message in stream.ResponseStream.ReadAllAsync(cancellation))
            {
                if (message.EventCase == StreamInboxResponse.EventOneofCase.Delivery) await Show(message.Delivery);
            }

            async Task Show(InboxDelivery delivery)
            {
                output.WriteLine($"#{delivery.Position} ({ItemPrinter.Describe(delivery.Reason)})");
                if (delivery.Item is null) output.WriteLine("  withdrawn: the protocols in force no longer share this item with your agency.");
                else ItemPrinter.Print(output, delivery.Item, result.GetValue(json));
                if (ack) await client.AcknowledgeAsync(new AcknowledgeRequest { UpToPosition = delivery.Position }, cancellationToken: cancellation);
            }
        }));
        return command;
    }
}
