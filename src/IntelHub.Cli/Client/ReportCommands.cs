using System.CommandLine;
using Google.Protobuf;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Client;

/// <summary><c>intelhub submit | search | get</c>: reports through the hub's ReportService.</summary>
internal static class ReportCommands
{
    private static readonly Option<bool> AsJson = new("--json") { Description = "Print the hub's reply as JSON." };
    internal static readonly Option<string> Purpose = new("--purpose") { Description = "Why you need it, as a protocol names it, e.g. safeguarding-victims or disrupt-trafficking.", Required = true };
    internal static readonly Option<string> Justification = new("--justification") { Description = "In your words, why this is needed for that purpose.", Required = true };
    internal static readonly Option<string?> CaseReference = new("--case") { Description = "Your case or crime reference." };

    public static Command Submit()
    {
        var kind = new Argument<string>("kind") { Description = "information or intelligence" };
        var file = new Argument<FileInfo>("file") { Description = "The request as JSON (SubmitInformationRequest or SubmitIntelligenceRequest, see protos/)." };
        var command = new Command("submit", "Submit information or graded intelligence from a JSON file.") { kind, file, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var client = new ReportService.ReportServiceClient(channel);
            var json = await File.ReadAllTextAsync(result.GetValue(file)!.FullName, cancellation);
            var receipt = result.GetValue(kind) switch
            {
                "information" => (await client.SubmitInformationAsync(JsonParser.Default.Parse<SubmitInformationRequest>(json), cancellationToken: cancellation)).Receipt,
                "intelligence" => (await client.SubmitIntelligenceAsync(JsonParser.Default.Parse<SubmitIntelligenceRequest>(json), cancellationToken: cancellation)).Receipt,
                var other => throw new CliProblem($"'{other}' is not a kind of submission: use information or intelligence."),
            };
            if (result.GetValue(AsJson)) { output.WriteLine(JsonFormatter.Default.Format(receipt)); return; }
            output.WriteLine($"Stored as {receipt.ItemId}{(receipt.Replayed ? " (a repeat of an earlier submission: nothing new stored)" : "")}; audit leaf {receipt.AuditLeafIndex}.");
            foreach (var party in receipt.Routing)
                output.WriteLine($"  routed to {party.Agency.DisplayName} ({party.Agency.AgencyId}): {ItemPrinter.Describe(party.View)} {ItemPrinter.BasisText(party.Basis)}");
        }));
        return command;
    }

    public static Command Search()
    {
        var phone = new Option<string[]>("--phone") { Description = "A phone number, as typed." };
        var vehicle = new Option<string[]>("--vehicle") { Description = "A vehicle registration, as typed." };
        var postcode = new Option<string[]>("--place") { Description = "An address or postcode, as typed." };
        var person = new Option<string[]>("--person") { Description = "A person's name." };
        var business = new Option<string[]>("--business") { Description = "A business name." };
        var area = new Option<string[]>("--area") { Description = "An area's GSS code, e.g. W06000015 (Cardiff)." };
        var kind = new Option<string[]>("--kind") { Description = "information, intelligence or product." };
        var text = new Option<string>("--text")
        {
            Description = "Words every result's text must hold (whole words, any case; in the sanitised text where that is all you may see).",
        };
        var pageSize = new Option<int>("--page-size") { Description = "Results per page (1-100).", DefaultValueFactory = _ => 25 };
        var command = new Command("search", "Search the items shared with your agency, for a declared purpose.")
        {
            Purpose, Justification, CaseReference, phone, vehicle, postcode, person, business, area, kind, text, pageSize, AsJson,
        };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var client = new ReportService.ReportServiceClient(channel);
            var request = new SearchItemsRequest { Purpose = PurposeOf(result), PageSize = result.GetValue(pageSize) };
            void Entities(Option<string[]> option, EntityType type) =>
                request.Entities.AddRange((result.GetValue(option) ?? []).Select(v => new EntityQuery { Type = type, Value = v }));
            Entities(phone, EntityType.PhoneNumber);
            Entities(vehicle, EntityType.Vehicle);
            Entities(postcode, EntityType.Location);
            Entities(person, EntityType.Person);
            Entities(business, EntityType.Business);
            request.AreaGssCodes.AddRange(result.GetValue(area) ?? []);
            request.Kinds.AddRange((result.GetValue(kind) ?? []).Select(KindOf));
            request.Text = result.GetValue(text) ?? "";
            var shown = 0;
            do
            {
                var page = await client.SearchItemsAsync(request, cancellationToken: cancellation);
                foreach (var item in page.Items) ItemPrinter.Print(output, item, result.GetValue(AsJson));
                shown += page.Items.Count;
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);
            if (!result.GetValue(AsJson)) output.WriteLine(shown == 0 ? "Nothing shared with your agency matches." : $"{shown} item(s).");
        }));
        return command;
    }

    public static Command Get()
    {
        var id = new Argument<string>("item") { Description = "The item id." };
        var command = new Command("get", "Get one item in the view the protocols allow you.") { id, Purpose, Justification, CaseReference, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var reply = await new ReportService.ReportServiceClient(channel).GetItemAsync(
                new GetItemRequest { ItemId = result.GetValue(id)!, Purpose = PurposeOf(result) }, cancellationToken: cancellation);
            ItemPrinter.Print(output, reply.Item, result.GetValue(AsJson));
        }));
        return command;
    }

    /// <summary>The purpose declared with --purpose, --justification and --case.</summary>
    internal static Contracts.V1.Purpose PurposeOf(ParseResult result) => new()
    {
        PurposeId = result.GetValue(Purpose)!,
        Justification = result.GetValue(Justification)!,
        CaseReference = result.GetValue(CaseReference) ?? "",
    };

    private static ItemKind KindOf(string kind) => kind switch
    {
        "information" => ItemKind.Information,
        "intelligence" => ItemKind.Intelligence,
        "product" => ItemKind.Product,
        _ => throw new CliProblem($"'{kind}' is not a kind of item: use information, intelligence or product."),
    };
}
