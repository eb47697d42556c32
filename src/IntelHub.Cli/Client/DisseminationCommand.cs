using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Client;

/// <summary>
/// <c>intelhub dissemination request | list | grant | refuse</c>: refer to originator. A recipient shown an item as
/// existence only asks the originator for it; the originator's analyst grants a view (with conditions, until an
/// expiry) or refuses with a reason; the requester finds the decision in its inbox.
/// </summary>
internal static class DisseminationCommand
{
    private static readonly Option<bool> AsJson = new("--json") { Description = "Print the hub's reply as JSON." };

    public static Command Create() => new("dissemination", "Ask an item's originator for more than its existence, or decide such requests as the originator.")
    {
        Request(), List(), Grant(), Refuse(),
    };

    private static Command Request()
    {
        var item = new Argument<string>("item") { Description = "The item id, as shown in the existence-only disclosure." };
        var view = new Option<string>("--view") { Description = "The view to ask for: full or sanitised.", DefaultValueFactory = _ => "full" };
        var key = new Option<string?>("--key") { Description = "An idempotency key to repeat on retries (default: a new one)." };
        var command = new Command("request", "Ask the originator for a wider view of an item you are shown as existence only (or sanitised).")
        {
            item, ReportCommands.Purpose, ReportCommands.Justification, ReportCommands.CaseReference, view, key, AsJson,
        };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var reply = await new DisseminationService.DisseminationServiceClient(channel).RequestDisseminationAsync(new RequestDisseminationRequest
            {
                IdempotencyKey = result.GetValue(key) ?? Guid.NewGuid().ToString(),
                ItemId = result.GetValue(item)!,
                Purpose = ReportCommands.PurposeOf(result),
                RequestedView = ViewOf(result.GetValue(view)!),
            }, cancellationToken: cancellation);
            Print(output, reply.Dissemination, result.GetValue(AsJson));
        }));
        return command;
    }

    private static Command List()
    {
        var side = new Option<string>("--side") { Description = "requester (the requests your agency made) or originator (those for your agency's items).", Required = true };
        var status = new Option<string[]>("--status") { Description = "Only pending, granted or refused requests (repeatable)." };
        var command = new Command("list", "List your agency's dissemination requests, newest first.") { side, status, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var client = new DisseminationService.DisseminationServiceClient(channel);
            var request = new ListDisseminationRequestsRequest
            {
                Side = result.GetValue(side) switch
                {
                    "requester" => DisseminationSide.Requester,
                    "originator" => DisseminationSide.Originator,
                    var other => throw new CliProblem($"'{other}' is not a side: use requester or originator."),
                },
                PageSize = 100,
            };
            request.Statuses.AddRange((result.GetValue(status) ?? []).Select(StatusOf));
            var shown = 0;
            do
            {
                var page = await client.ListDisseminationRequestsAsync(request, cancellationToken: cancellation);
                foreach (var dissemination in page.Disseminations) Print(output, dissemination, result.GetValue(AsJson));
                shown += page.Disseminations.Count;
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);
            if (!result.GetValue(AsJson)) output.WriteLine(shown == 0 ? "No dissemination requests." : $"{shown} request(s).");
        }));
        return command;
    }

    private static Command Grant()
    {
        var id = new Argument<string>("id") { Description = "The dissemination request id (dsm-...)." };
        var view = new Option<string>("--view") { Description = "The view granted: full or sanitised.", Required = true };
        var expires = new Option<string>("--expires") { Description = "The last day of the grant (YYYY-MM-DD, UTC; it ends at midnight after it), a number of days from now (30d), or an RFC 3339 time; at most a year ahead.", Required = true };
        var conditions = new Option<string[]>("--condition")
        {
            Description = "A condition on the requester's use (repeatable): no-onward-dissemination, not-for-evidential-use, contact-originator-before-action, or any other text.",
        };
        var command = new Command("grant", "Grant a dissemination request your agency received, as its originator.") { id, view, expires, conditions, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var grant = new DisseminationGrant { View = ViewOf(result.GetValue(view)!), ExpiresAt = ExpiryOf(result.GetValue(expires)!) };
            grant.Conditions.AddRange((result.GetValue(conditions) ?? []).Select(ConditionOf));
            var reply = await new DisseminationService.DisseminationServiceClient(channel).DecideDisseminationAsync(
                new DecideDisseminationRequest { DisseminationId = result.GetValue(id)!, Grant = grant }, cancellationToken: cancellation);
            Print(output, reply.Dissemination, result.GetValue(AsJson));
        }));
        return command;
    }

    private static Command Refuse()
    {
        var id = new Argument<string>("id") { Description = "The dissemination request id (dsm-...)." };
        var reason = new Option<string>("--reason") { Description = "Why, in words the requester can act on (without revealing the item).", Required = true };
        var command = new Command("refuse", "Refuse a dissemination request your agency received, as its originator.") { id, reason, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var reply = await new DisseminationService.DisseminationServiceClient(channel).DecideDisseminationAsync(new DecideDisseminationRequest
            {
                DisseminationId = result.GetValue(id)!,
                Refusal = new DisseminationRefusal { Reason = result.GetValue(reason)! },
            }, cancellationToken: cancellation);
            Print(output, reply.Dissemination, result.GetValue(AsJson));
        }));
        return command;
    }

    private static void Print(TextWriter output, Dissemination dissemination, bool json)
    {
        if (json) { output.WriteLine(JsonFormatter.Default.Format(dissemination)); return; }
        output.WriteLine($"{dissemination.DisseminationId}: {ItemPrinter.Describe(dissemination.Status)}; item {dissemination.ItemId} from {dissemination.Originator.DisplayName}, " +
            $"asked {ItemPrinter.Describe(dissemination.RequestedView)} by {dissemination.Requested.Agency.DisplayName} for '{dissemination.Purpose.PurposeId}' ({dissemination.Purpose.Justification}); audit leaf {dissemination.AuditLeafIndex}.");
        if (dissemination.Status == DisseminationStatus.Granted)
        {
            output.WriteLine($"  granted {ItemPrinter.Describe(dissemination.GrantedView)} until {dissemination.ExpiresAt.ToDateTimeOffset():yyyy-MM-dd HH:mm}Z");
            foreach (var condition in dissemination.Conditions)
                output.WriteLine($"  condition: {(condition.Kind == HandlingConditionKind.Other ? condition.Text : ItemPrinter.Describe(condition.Kind))}");
        }
        if (dissemination.Status == DisseminationStatus.Refused) output.WriteLine($"  refused: {dissemination.RefusalReason}");
    }

    private static DisclosureView ViewOf(string view) => view switch
    {
        "full" => DisclosureView.Full,
        "sanitised" => DisclosureView.Sanitised,
        _ => throw new CliProblem($"'{view}' is not a view you can ask for or grant: use full or sanitised."),
    };

    private static DisseminationStatus StatusOf(string status) => status switch
    {
        "pending" => DisseminationStatus.Pending,
        "granted" => DisseminationStatus.Granted,
        "refused" => DisseminationStatus.Refused,
        _ => throw new CliProblem($"'{status}' is not a status: use pending, granted or refused."),
    };

    private static HandlingCondition ConditionOf(string text) => text switch
    {
        "no-onward-dissemination" => new HandlingCondition { Kind = HandlingConditionKind.NoOnwardDissemination },
        "not-for-evidential-use" => new HandlingCondition { Kind = HandlingConditionKind.NotForEvidentialUse },
        "contact-originator-before-action" => new HandlingCondition { Kind = HandlingConditionKind.ContactOriginatorBeforeAction },
        _ => new HandlingCondition { Kind = HandlingConditionKind.Other, Text = text },
    };

    /// <summary>A day means the grant runs to the end of it (UTC); a number of days (30d) counts from now; a full time is taken as given.</summary>
    private static Timestamp ExpiryOf(string text)
    {
        if (text.EndsWith('d') && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            return Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(days));
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return Timestamp.FromDateTimeOffset(new DateTimeOffset(day.AddDays(1), TimeOnly.MinValue, TimeSpan.Zero));
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return Timestamp.FromDateTimeOffset(time);
        throw new CliProblem($"'{text}' is not a date (YYYY-MM-DD), a number of days (30d) or a time (e.g. 2027-01-31T18:00:00Z).");
    }
}
