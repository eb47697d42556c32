using System.CommandLine;
using IntelHub.Audit.Verification;
using IntelHub.Cli.Client;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Audit;

/// <summary>
/// The <c>intelhub audit</c> commands that ask the hub (AuditService) instead of reading a log
/// directory: <c>checkpoint</c>, <c>prove --leaf</c> and <c>consistency</c>. What they write is what
/// the offline <c>verify</c> reads, so a proof fetched once is checked later without the hub. Exit
/// codes as the offline commands: 0 done (and verified when keys were given), 1 a proof or signature
/// did not verify or the hub refused, 2 the command was called wrongly.
/// </summary>
internal static class OnlineAuditCommands
{
    // Not '--key': that is the private key of --cert for every client command, and the two
    // would otherwise be read as one option.
    public static Option<string[]> LogKeyOption() => new("--log-key")
    {
        Description = "The hub's checkpoint public key (PEM, from 'intelhub audit public-key'), to check its signature; repeat for rotated keys. Without it the signature is not checked.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Command Checkpoint()
    {
        var keys = LogKeyOption();
        var origin = AuditCommand.OriginOption();
        var output = new Option<FileInfo?>("--out") { Description = "Keep the signed checkpoint in this file, for 'audit consistency --since' and 'audit verify --checkpoint' later." };
        var command = new Command(
            "checkpoint",
            "Ask the hub for its latest signed checkpoint, print it, check its signature with --log-key, and keep it with --out.")
        {
            keys, origin, output,
        };
        command.SetAction((parse, cancellation) => Online(parse, async (log, writer) =>
        {
            var trusted = new TrustedLogKeys(parse.GetValue(keys) ?? [], parse.GetValue(origin));
            var latest = await log.LatestCheckpointAsync(cancellation);
            Describe(writer, latest);
            if (trusted.For(latest.Checkpoint) is { } keySet)
            {
                var verified = keySet.Verify(latest.Note);
                if (!verified.IsValid)
                {
                    return Failed(parse, $"{verified.Check}", $"The hub's checkpoint: {verified.Error}.");
                }

                writer.WriteLine($"  signature: verified with key '{verified.Key!.Name}' (hint {verified.Key.KeyHintHex})");
            }
            else
            {
                writer.WriteLine("  signature: not checked (pass --log-key HUB-PUBLIC-KEY.pem)");
            }

            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, latest.Note, cancellation);
                writer.WriteLine($"Kept the signed checkpoint in {file.FullName}. Later, 'intelhub audit consistency --since {file.Name}' asks the hub to prove its log still extends it.");
            }

            return 0;
        }));
        return command;
    }

    public static Command Consistency()
    {
        var since = new Option<FileInfo>("--since")
        {
            Description = "A signed checkpoint you kept (from 'intelhub audit checkpoint --out', or an export's checkpoint.txt).",
            Required = true,
        };
        var keys = LogKeyOption();
        var origin = AuditCommand.OriginOption();
        var output = new Option<FileInfo?>("--out") { Description = "Write the consistency proof here instead of to standard output." };
        var command = new Command(
            "consistency",
            "Ask the hub to prove that its latest checkpoint extends one you kept (the log was only appended to), and write the proof for 'intelhub audit verify --consistency FILE --checkpoint KEPT --key KEY.pem'.")
        {
            since, keys, origin, output,
        };
        command.SetAction((parse, cancellation) => Online(parse, async (log, writer) =>
        {
            var trusted = new TrustedLogKeys(parse.GetValue(keys) ?? [], parse.GetValue(origin));
            var kept = SignedCheckpoint.ReadKept(parse.GetValue(since)!, "--since");
            var proof = await OnlineConsistencyProof.FetchAsync(log, kept, cancellation);
            var file = parse.GetValue(output);
            return await Conclude(
                parse,
                writer,
                (proof.ToDocument(), file),
                proof.Check(trusted.For(kept.Checkpoint)),
                $"OK: the hub's checkpoint of {proof.Latest.Size} entries{TimeOf(proof.Latest)} extends your kept checkpoint of {kept.Size} entries{TimeOf(kept)}; "
                + (trusted.Any ? "both signatures verified." : "signatures not checked (pass --log-key HUB-PUBLIC-KEY.pem)."),
                $"--consistency {file?.Name ?? "PROOF"} --checkpoint {parse.GetValue(since)!.Name}",
                cancellation);
        }));
        return command;
    }

    /// <summary>The online half of <c>intelhub audit prove --leaf N</c>.</summary>
    public static Task<int> ProveLeaf(ParseResult parse, long leaf, string[] keyFiles, string? origin, FileInfo? file, CancellationToken cancellation) =>
        Online(parse, async (log, writer) =>
        {
            var trusted = new TrustedLogKeys(keyFiles, origin);
            var proof = await OnlineInclusionProof.FetchAsync(log, leaf, cancellation);
            if (!proof.HasEntry)
            {
                throw new CliProblem(
                    $"The hub gave the audit path for leaf {leaf} in its checkpoint of {proof.Checkpoint.Size} entries, but not the entry itself: it records another agency's action, "
                    + "which only the auditor role may read, and a proof is checked by hashing the entry, so without it there is no proof to write. "
                    + "Your agency's own leaves (those its receipts name) you may prove yourself. "
                    + $"To complete it, ask an auditor (e.g. your oversight body) to run 'intelhub audit prove --leaf {leaf} --out proof.txt' and hand you proof.txt; "
                    + "then check it yourself with 'intelhub audit verify --proof proof.txt --key HUB-PUBLIC-KEY.pem'.");
            }

            return await Conclude(
                parse,
                writer,
                (proof.ToDocument(), file),
                proof.Check(trusted.For(proof.Checkpoint.Checkpoint)),
                $"OK: leaf {leaf} is in the hub's checkpoint of {proof.Checkpoint.Size} entries{TimeOf(proof.Checkpoint)}: the audit path leads from the entry to the signed root; "
                + (trusted.Any ? "signature verified." : "signature not checked (pass --log-key HUB-PUBLIC-KEY.pem)."),
                $"--proof {file?.Name ?? "PROOF"}",
                cancellation);
        });

    // Opens the channel as the caller the global options describe and runs one exchange with the
    // hub; connection and refusal errors become CliRun's message and exit code, the body's own
    // result (a proof that does not verify) its exit code.
    private static async Task<int> Online(ParseResult parse, Func<RemoteAuditLog, TextWriter, Task<int>> exchange)
    {
        var outcome = 0;
        var exit = await CliRun.Guarded(parse, async writer =>
        {
            using var channel = HubConnection.Open(parse);
            outcome = await exchange(new RemoteAuditLog(new AuditService.AuditServiceClient(channel)), writer);
        });
        return exit != 0 ? exit : outcome;
    }

    // Writes the document to the file, or to standard output (messages then go to standard error,
    // so a piped proof stays clean); then the failure, or what was proved and how to check it
    // later without the hub. A proof that fails is still written: it is the hub's signed answer,
    // and so evidence of what the hub claimed.
    private static async Task<int> Conclude(
        ParseResult parse, TextWriter writer, (string Text, FileInfo? File) document, VerificationFailure? failure, string proved, string verifyArguments, CancellationToken cancellation)
    {
        var report = writer;
        if (document.File is { } file)
        {
            await File.WriteAllTextAsync(file.FullName, document.Text, cancellation);
            await writer.WriteLineAsync($"Wrote the hub's proof to {file.FullName}.");
        }
        else
        {
            await writer.WriteAsync(document.Text);
            report = parse.InvocationConfiguration.Error;
        }

        if (failure is not null)
        {
            return Failed(parse, failure);
        }

        await report.WriteLineAsync(proved);
        await report.WriteLineAsync($"Check it without the hub: intelhub audit verify {verifyArguments} --key HUB-PUBLIC-KEY.pem");
        return 0;
    }

    private static void Describe(TextWriter writer, SignedCheckpoint signed)
    {
        var checkpoint = signed.Checkpoint;
        writer.WriteLine("The hub's latest checkpoint:");
        writer.WriteLine($"  origin:    {checkpoint.Origin}");
        writer.WriteLine($"  size:      {checkpoint.Size} entries");
        writer.WriteLine($"  root:      {checkpoint.Root.ToBase64()} (hex {checkpoint.Root.ToHex()})");
        writer.WriteLine($"  time:      {(checkpoint.Time is { } time ? Utc(time) : "not stated")}");
    }

    private static string TimeOf(SignedCheckpoint signed) => signed.Checkpoint.Time is { } time ? $" ({Utc(time)})" : "";

    private static string Utc(DateTimeOffset time) => time.ToString("u", System.Globalization.CultureInfo.InvariantCulture);

    private static int Failed(ParseResult parse, VerificationFailure failure) => Failed(parse, $"{failure.Problem}", failure.Message);

    private static int Failed(ParseResult parse, string problem, string message)
    {
        var error = parse.InvocationConfiguration.Error;
        error.WriteLine($"FAILED ({problem}): {message}");
        if (problem is nameof(VerificationProblem.UnknownKey))
        {
            // The library's advice names 'verify --key'; here the key is given with --log-key.
            error.WriteLine("The key given with --log-key is not one the hub signs with: get the hub's current checkpoint public key from its operators (or 'intelhub audit public-key' on the hub's signing key).");
        }

        return 1;
    }
}
