using System.CommandLine;
using System.Globalization;
using IntelHub.Cli.Client;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Protocols;

/// <summary>
/// <c>intelhub protocol impact (--file F | ID VERSION)</c>: the decisions a protocol version would change against the
/// version in force, from the hub's GetProtocolImpact (the comparison <c>intelhub policy diff</c> makes offline), grouped
/// by originator and recipient, each with the stored items it applies to.
/// </summary>
internal static class ProtocolImpactCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("ID") { Description = "A stored version's protocol id (with VERSION).", Arity = ArgumentArity.ZeroOrOne };
        var version = new Argument<string?>("VERSION") { Description = "The stored version, as written in its document.", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file") { Description = "A protocol document (YAML) to assess without storing it." };
        var limit = new Option<int>("--limit") { Description = "List at most this many changes, 1 to 1000 (the totals count them all).", DefaultValueFactory = _ => 200 };
        var command = new Command("impact", "Show which decisions a protocol version would change against the version in force, and how many stored items each affects.")
        {
            id, version, file, limit,
        };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            var request = new GetProtocolImpactRequest { MaxChanges = result.GetValue(limit) };
            var document = result.GetValue(file);
            var (protocolId, stored) = (result.GetValue(id), result.GetValue(version));
            if ((document is not null) == (protocolId is not null || stored is not null))
                throw new CliProblem("Name one version: --file FILE for a document, or ID VERSION for a version the hub has stored (e.g. wales-anti-trafficking-isp 2.3).");
            if (document is not null)
            {
                if (!document.Exists) throw new CliProblem($"{document.FullName}: no such file. Give the path of a protocol document with --file.");
                request.DocumentText = await File.ReadAllTextAsync(document.FullName, cancellation);
            }
            else
            {
                request.Stored = new ProtocolVersionRef { ProtocolId = protocolId ?? "", Version = stored ?? throw new CliProblem("Give the VERSION after the protocol ID.") };
            }

            using var channel = HubConnection.Open(result);
            var impact = await new ProtocolService.ProtocolServiceClient(channel).GetProtocolImpactAsync(request, cancellationToken: cancellation);
            foreach (var d in impact.Diagnostics)
                output.WriteLine($"{d.File}:{d.Line}:{d.Column}: {(d.Severity == DiagnosticSeverity.Error ? "error" : "warning")} {d.Code}: {d.Message} Fix: {d.Fix}");
            if (impact.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                throw new CliProblem("The document has errors (listed above); no impact was assessed. Fix them, or run 'intelhub policy lint'.");
            Print(output, impact);
        }));
        return command;
    }

    private static void Print(TextWriter output, GetProtocolImpactResponse impact)
    {
        var against = impact.AgainstVersion.Length == 0 ? "no version in force (a new protocol)" : $"version {impact.AgainstVersion} in force";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Version {impact.Version} against {against}: {impact.TotalChanges} change(s) in {impact.DecisionsCompared} decisions compared; {impact.StoredItemsAffected} stored item(s) affected."));
        foreach (var pair in impact.Changes.GroupBy(c => (c.OriginatorAgencyId, c.RecipientAgencyId)))
        {
            output.WriteLine();
            output.WriteLine($"{pair.Key.OriginatorAgencyId} -> {pair.Key.RecipientAgencyId}");
            foreach (var change in pair)
            {
                var who = change.Role == Role.Unspecified ? "routed to its inbox" : $"as {Identity.RoleNames.NameOf((Identity.UserRole)(int)change.Role)} for {change.PurposeId}";
                var item = change.Grading.Length == 0 ? Word(change.Kind) : $"{Word(change.Kind)} {change.Grading}";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {Word(change.Action)} {item} {who}: {View(change.OldView)} -> {View(change.NewView)}   {change.StoredItems} stored item(s)"));
                output.WriteLine($"      was {Basis(change.OldBasis)}; now {Basis(change.NewBasis)}");
            }
        }

        if ((ulong)impact.Changes.Count < impact.TotalChanges)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\n(listed {impact.Changes.Count} of {impact.TotalChanges} changes, most stored items first; --limit lists more)"));
    }

    private static string View(DisclosureView view) => view switch
    {
        DisclosureView.Full => "full",
        DisclosureView.Sanitised => "sanitised",
        DisclosureView.ExistenceOnly => "existence-only",
        _ => "denied",
    };

    private static string Basis(DecisionBasis? basis) =>
        basis is null || basis.ProtocolId.Length == 0 ? "no rule (deny by default)" : $"{basis.ProtocolId} v{basis.ProtocolVersion} rule {basis.RuleId}";

    private static string Word(PolicyAction action) => action.ToString().ToLowerInvariant();

    private static string Word(ItemKind kind) => kind.ToString().ToLowerInvariant();
}
