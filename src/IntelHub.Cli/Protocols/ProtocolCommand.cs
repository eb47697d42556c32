using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using IntelHub.Cli.Client;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Protocols;

/// <summary>
/// <c>intelhub protocol ...</c>: the protocol life cycle through the hub's ProtocolService: list, show, propose,
/// approve, publish, retire, roll back, and export the versions in force as files for version control.
/// </summary>
internal static class ProtocolCommand
{
    private static readonly Option<bool> AsJson = new("--json") { Description = "Print the hub's reply as JSON." };

    /// <summary>The most versions the hub returns a page (ListProtocols' limit).</summary>
    private const int MaxPageSize = 100;

    private static Option<int> PageSize()
    {
        var option = new Option<int>("--page-size") { Description = $"Protocol versions asked for per request, 1 to {MaxPageSize}; every page is read either way.", DefaultValueFactory = _ => MaxPageSize };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxPageSize)
                result.AddError($"--page-size must be 1 to {MaxPageSize}; it was {result.GetValueOrDefault<int>()}.");
        });
        return option;
    }

    /// <summary>Every version the listing matches, page after page, each next_page_token sent back with the same filters.</summary>
    private static async IAsyncEnumerable<ProtocolVersion> ListAllAsync(ProtocolService.ProtocolServiceClient client, ListProtocolsRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        do
        {
            var page = await client.ListProtocolsAsync(request, cancellationToken: cancellation);
            foreach (var version in page.Protocols) yield return version;
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
    }

    public static Command Create() => new("protocol", "Sharing protocols on the hub: list and read them, see the impact of a version, and propose, approve, publish, retire or roll back versions.")
    {
        List(), Show(), Propose(), Approve(), Publish(), Retire(), Rollback(), Export(), ProtocolImpactCommand.Create(),
    };

    private static Command List()
    {
        var all = new Option<bool>("--all-versions") { Description = "Every stored version of each protocol, not only the one in force." };
        var pageSize = PageSize();
        var command = new Command("list", "List the protocols with the version in force (or latest) and its status.") { all, pageSize, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var client = new ProtocolService.ProtocolServiceClient(channel);
            var request = new ListProtocolsRequest { AllVersions = result.GetValue(all), PageSize = result.GetValue(pageSize) };
            await foreach (var version in ListAllAsync(client, request, cancellation))
            {
                if (result.GetValue(AsJson)) { await output.WriteLineAsync(JsonFormatter.Default.Format(version)); continue; }
                var review = version.ReviewDate is { } date ? $"review {date.Year:D4}-{date.Month:D2}-{date.Day:D2}" : "";
                await output.WriteLineAsync($"{version.ProtocolId} v{version.Version}  {StatusText(version.Status)}  {version.Title}  {review}".TrimEnd());
            }
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("protocol") { Description = "The protocol's id, e.g. wales-anti-trafficking-isp." };
        var version = new Option<string?>("--version") { Description = "The version; the one in force when left out." };
        var command = new Command("show", "Show one protocol version: its status, sign-offs and document.") { id, version, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var reply = await new ProtocolService.ProtocolServiceClient(channel).GetProtocolAsync(
                new GetProtocolRequest { ProtocolId = result.GetValue(id)!, Version = result.GetValue(version) ?? "" }, cancellationToken: cancellation);
            if (result.GetValue(AsJson)) { await output.WriteLineAsync(JsonFormatter.Default.Format(reply.Protocol)); return; }
            await Describe(output, reply.Protocol);
            await output.WriteLineAsync();
            await output.WriteAsync(reply.Protocol.DocumentText);
        }));
        return command;
    }

    private static Command Propose()
    {
        var file = new Argument<FileInfo>("file") { Description = "The protocol document (YAML, as in policies/protocols/) with its new version number." };
        var note = new Option<string>("--note") { Description = "What changed and why, for the approvers and the audit log.", Required = true };
        var key = new Option<string?>("--key") { Description = "An idempotency key to repeat on a retry; a new one when left out." };
        var command = new Command("propose", "Propose a new version of a protocol your agency owns; it is validated as 'policy lint' would.") { file, note, key, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists) throw new CliProblem($"There is no file {path.FullName}.");
            var text = await File.ReadAllTextAsync(path.FullName, cancellation);
            using var channel = HubConnection.Open(result);
            var reply = await new ProtocolService.ProtocolServiceClient(channel).ProposeProtocolVersionAsync(new ProposeProtocolVersionRequest
            {
                IdempotencyKey = result.GetValue(key) ?? Guid.NewGuid().ToString("N"), DocumentText = text, ChangeNote = result.GetValue(note)!,
            }, cancellationToken: cancellation);
            if (result.GetValue(AsJson)) { await output.WriteLineAsync(JsonFormatter.Default.Format(reply)); return; }
            await Describe(output, reply.Protocol);
            foreach (var warning in reply.Diagnostics) await output.WriteLineAsync($"  warning {warning.File}:{warning.Line}:{warning.Column} {warning.Code}: {warning.Message}");
            await output.WriteLineAsync($"Approvers approve it with: intelhub protocol approve {reply.Protocol.ProtocolId} {reply.Protocol.Version} --digest {reply.Protocol.Digest}");
        }));
        return command;
    }

    private static Command Approve()
    {
        var id = new Argument<string>("protocol") { Description = "The protocol's id." };
        var version = new Argument<string>("version") { Description = "The proposed version." };
        var digest = new Option<string>("--digest") { Description = "The digest of the document you read (intelhub protocol show prints it).", Required = true };
        var comment = new Option<string?>("--comment") { Description = "Your comment, kept with the approval." };
        var command = new Command("approve", "Approve a proposed version for your agency, as one of the approvers it names.") { id, version, digest, comment, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var reply = await new ProtocolService.ProtocolServiceClient(channel).ApproveProtocolVersionAsync(new ApproveProtocolVersionRequest
            {
                ProtocolId = result.GetValue(id)!, Version = result.GetValue(version)!, Digest = result.GetValue(digest)!, Comment = result.GetValue(comment) ?? "",
            }, cancellationToken: cancellation);
            await Print(output, reply.Protocol, result.GetValue(AsJson));
        }));
        return command;
    }

    private static Command Publish()
    {
        var id = new Argument<string>("protocol") { Description = "The protocol's id." };
        var version = new Argument<string>("version") { Description = "The approved version." };
        var at = new Option<string?>("--at") { Description = "When it takes effect (ISO 8601, e.g. 2026-12-24T00:00:00Z); now when left out." };
        var command = new Command("publish", "Publish an approved version of a protocol your agency owns, now or at a time.") { id, version, at, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var reply = await new ProtocolService.ProtocolServiceClient(channel).PublishProtocolVersionAsync(new PublishProtocolVersionRequest
            {
                ProtocolId = result.GetValue(id)!, Version = result.GetValue(version)!, EffectiveAt = TimeOf(result.GetValue(at), "--at"),
            }, cancellationToken: cancellation);
            await Print(output, reply.Protocol, result.GetValue(AsJson));
        }));
        return command;
    }

    private static Command Retire()
    {
        var id = new Argument<string>("protocol") { Description = "The protocol's id." };
        var reason = new Option<string>("--reason") { Description = "Why it is retired, for the parties and the audit log.", Required = true };
        var at = new Option<string?>("--at") { Description = "When it stops authorising (ISO 8601); now when left out." };
        var command = new Command("retire", "Retire a protocol your agency owns: from then on it authorises nothing.") { id, reason, at, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var reply = await new ProtocolService.ProtocolServiceClient(channel).RetireProtocolAsync(new RetireProtocolRequest
            {
                ProtocolId = result.GetValue(id)!, Reason = result.GetValue(reason)!, EffectiveAt = TimeOf(result.GetValue(at), "--at"),
            }, cancellationToken: cancellation);
            await Print(output, reply.Protocol, result.GetValue(AsJson));
        }));
        return command;
    }

    private static Command Rollback()
    {
        var id = new Argument<string>("protocol") { Description = "The protocol's id." };
        var from = new Option<string>("--from") { Description = "The version in force now, which is rolled back (a guard against rolling back twice).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, for the parties and the audit log.", Required = true };
        var command = new Command("rollback", "Put the version in force before the current one back in force, now.") { id, from, reason, AsJson };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var reply = await new ProtocolService.ProtocolServiceClient(channel).RollbackProtocolAsync(new RollbackProtocolRequest
            {
                ProtocolId = result.GetValue(id)!, CurrentVersion = result.GetValue(from)!, Reason = result.GetValue(reason)!,
            }, cancellationToken: cancellation);
            if (result.GetValue(AsJson)) { await output.WriteLineAsync(JsonFormatter.Default.Format(reply)); return; }
            await Describe(output, reply.Protocol);
            await output.WriteLineAsync($"Rolled back: v{reply.RolledBack.Version} ({reply.RolledBack.EndedReason}).");
        }));
        return command;
    }

    private static Command Export()
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "A policies directory; the versions in force are written to its protocols/ folder." };
        var pageSize = PageSize();
        var command = new Command("export", "Write the protocol versions in force as policies/protocols/<id>.yaml files, byte for byte as the hub holds them.") { directory, pageSize };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            using var channel = HubConnection.Open(result);
            var client = new ProtocolService.ProtocolServiceClient(channel);
            var folder = Path.Combine(result.GetValue(directory)!.FullName, "protocols");
            Directory.CreateDirectory(folder);
            var request = new ListProtocolsRequest { PageSize = result.GetValue(pageSize), Statuses = { ProtocolStatus.InForce, ProtocolStatus.OutOfDate } };
            await foreach (var listed in ListAllAsync(client, request, cancellation))
            {
                var version = (await client.GetProtocolAsync(new GetProtocolRequest { ProtocolId = listed.ProtocolId, Version = listed.Version }, cancellationToken: cancellation)).Protocol;
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(version.DocumentText);
                if ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)) != version.Digest)
                    throw new CliProblem($"The text the hub sent for {version.ProtocolId} v{version.Version} does not match its digest {version.Digest}; nothing more was written.");
                var path = Path.Combine(folder, version.ProtocolId + ".yaml");
                await File.WriteAllBytesAsync(path, bytes, cancellation);
                await output.WriteLineAsync($"{path}: {version.ProtocolId} v{version.Version} {version.Digest}");
            }
        }));
        return command;
    }

    private static async Task Print(TextWriter output, ProtocolVersion version, bool json)
    {
        if (json) await output.WriteLineAsync(JsonFormatter.Default.Format(version));
        else await Describe(output, version);
    }

    private static async Task Describe(TextWriter output, ProtocolVersion version)
    {
        await output.WriteLineAsync($"{version.ProtocolId} v{version.Version}: {StatusText(version.Status)}  {version.Title}");
        await output.WriteLineAsync($"  digest {version.Digest}");
        if (version.ChangeNote.Length > 0) await output.WriteLineAsync($"  change: {version.ChangeNote}");
        if (version.Proposed is { } proposed) await output.WriteLineAsync($"  proposed by {proposed.UserId} ({proposed.Agency?.AgencyId}) at {At(proposed.At)}");
        foreach (var approval in version.Approvals)
        {
            await output.WriteLineAsync(approval.Approved is { } given
                ? $"  approved by {given.UserId} ({approval.Agency.AgencyId}) at {At(given.At)}{(approval.Comment.Length > 0 ? ": " + approval.Comment : "")}"
                : $"  approval outstanding: {approval.Agency.AgencyId}");
        }
        if (version.Published is { } published) await output.WriteLineAsync($"  published by {published.UserId} ({published.Agency?.AgencyId}) at {At(published.At)}, effective {At(version.EffectiveAt)}");
        if (version.EndedReason.Length > 0) await output.WriteLineAsync($"  ended {At(version.EndedAt)}: {version.EndedReason}");
    }

    private static string StatusText(ProtocolStatus status) => status switch
    {
        ProtocolStatus.Proposed => "proposed",
        ProtocolStatus.Approved => "approved",
        ProtocolStatus.Scheduled => "scheduled",
        ProtocolStatus.InForce => "in force",
        ProtocolStatus.OutOfDate => "OUT OF DATE (past review)",
        ProtocolStatus.Superseded => "superseded",
        ProtocolStatus.Retired => "retired",
        _ => "unknown",
    };

    private static string At(Timestamp? time) => time is null ? "-" : time.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture);

    private static Timestamp? TimeOf(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? Timestamp.FromDateTimeOffset(at)
            : throw new CliProblem($"{option} '{text}' is not a time: use ISO 8601, e.g. 2026-12-24T00:00:00Z.");
    }
}
