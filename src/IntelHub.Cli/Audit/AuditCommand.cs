using System.CommandLine;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Log;
using IntelHub.Audit.Signing;
using IntelHub.Audit.Verification;

namespace IntelHub.Cli.Audit;

/// <summary>
/// <c>intelhub audit ...</c>: verify, prove and export the signed audit log. The logic lives in
/// IntelHub.Audit; this class parses, calls, prints and returns 0 (verified), 1 (the log or proof is
/// bad) or 2 (the command could not run: missing file, bad argument). <c>checkpoint</c>,
/// <c>prove --leaf</c> and <c>consistency</c> ask the hub instead (<see cref="OnlineAuditCommands"/>).
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Verify the signed audit log, prove an entry is in it, export it for oversight; fetch checkpoints and proofs from the hub.");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Prove());
        command.Subcommands.Add(Open());
        command.Subcommands.Add(OnlineAuditCommands.Checkpoint());
        command.Subcommands.Add(OnlineAuditCommands.Consistency());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(PublicKey());
        return command;
    }

    private static Option<string[]> KeyOption() => new("--key")
    {
        Description = "A checkpoint public key (PEM); repeat for rotated keys.",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
    };

    internal static Option<string?> OriginOption() => new("--origin")
    {
        Description = "The log's origin, the name its keys sign under (default: the origin in the log's or proof's checkpoint).",
    };

    private static Command Verify()
    {
        var log = new Option<DirectoryInfo?>("--log") { Description = "An exported log directory (from 'intelhub audit export')." };
        var store = HubStoreLog.StoreOption();
        var postgres = HubStoreLog.PostgresOption();
        var proof = new Option<FileInfo?>("--proof") { Description = "An inclusion proof from 'intelhub audit prove' (--entry or --leaf), checked without the log." };
        var consistency = new Option<FileInfo?>("--consistency")
        {
            Description = "A consistency proof from 'intelhub audit prove --since' or 'intelhub audit consistency', checked without the log against the one --checkpoint you kept.",
        };
        var keys = KeyOption();
        var origin = OriginOption();
        var trusted = new Option<FileInfo[]>("--checkpoint")
        {
            Description = "A signed checkpoint you kept from earlier (e.g. checkpoint.txt of a previous export): the log must extend it. Repeatable.",
        };
        var verify = new Command("verify", "Recompute the tree, check every checkpoint's signature and root, report the first bad entry; or check one proof.")
        {
            log, store, postgres, proof, consistency, keys, origin, trusted,
        };
        verify.SetAction((parse, cancellationToken) => RunAsync(parse, async () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var logDir = parse.GetValue(log);
            var proofFile = parse.GetValue(proof);
            var consistencyFile = parse.GetValue(consistency);
            var storeText = parse.GetValue(store);
            var postgresText = parse.GetValue(postgres);
            if (new object?[] { logDir, proofFile, consistencyFile, storeText ?? postgresText }.Count(o => o is not null) != 1)
            {
                return Usage(parse, "Give one of --log DIR, --store DIR, --postgres CONNECTION, --proof FILE or --consistency FILE.");
            }

            if (storeText is not null || postgresText is not null)
            {
                // The store is read into a private export first, so that exactly what is verified could be handed over.
                var scratch = Path.Combine(Path.GetTempPath(), "intelhub-verify-" + Guid.NewGuid().ToString("N"));
                try
                {
                    await using var hubStore = HubStoreLog.Open(storeText, postgresText, out var problem);
                    if (hubStore is null)
                    {
                        return Usage(parse, problem!);
                    }

                    await HubStoreLog.ExportAsync(hubStore, scratch, cancellationToken);
                    return VerifyLog(parse, scratch, parse.GetValue(keys)!, parse.GetValue(origin), parse.GetValue(trusted));
                }
                finally
                {
                    if (Directory.Exists(scratch))
                    {
                        Directory.Delete(scratch, recursive: true);
                    }
                }
            }

            if (consistencyFile is not null)
            {
                var keptFiles = parse.GetValue(trusted) ?? [];
                if (keptFiles.Length != 1)
                {
                    return Usage(parse, "--consistency needs exactly one --checkpoint: the checkpoint you kept.");
                }

                var keptText = File.ReadAllText(keptFiles[0].FullName);
                var consistencyKeys = VerifierKeys.Load(parse.GetValue(keys)!, parse.GetValue(origin) ?? VerifierKeys.OriginOfCheckpoint(keptText));
                var checkedConsistency = ConsistencyProofDocument.Verify(File.ReadAllText(consistencyFile.FullName), keptText, consistencyKeys);
                if (!checkedConsistency.IsValid)
                {
                    return Bad(parse, checkedConsistency.Failure!);
                }

                output.WriteLine($"OK: the log's checkpoint of {checkedConsistency.Current!.Size} entries extends your checkpoint of {checkedConsistency.Kept!.Size} entries.");
                return 0;
            }

            if (proofFile is not null)
            {
                var document = File.ReadAllText(proofFile.FullName);
                var result = InclusionProofDocument.Verify(document, ProofKeys(parse.GetValue(keys)!, parse.GetValue(origin), document));
                if (!result.IsValid)
                {
                    return Bad(parse, result.Failure!);
                }

                var e = result.Entry!;
                output.WriteLine($"OK: entry {result.Index} is in the log '{result.Checkpoint!.Origin}' of {result.Checkpoint.Size} entries (checkpoint {result.Checkpoint.Time:u}).");
                output.WriteLine($"  {e.Time:O} {e.Action} by {e.Agency}/{e.User} item '{e.ItemId}' to '{e.Counterparty}' view '{e.View}' decision '{e.Decision}' protocol {e.ProtocolId} v{e.ProtocolVersion} rule '{e.Rule}' purpose '{e.Purpose}' digest {e.ContentDigest} trace {e.TraceId}");
                return 0;
            }

            return VerifyLog(parse, logDir!.FullName, parse.GetValue(keys)!, parse.GetValue(origin), parse.GetValue(trusted));
        }));
        return verify;
    }

    private static Command Prove()
    {
        var log = new Option<DirectoryInfo?>("--log") { Description = "Offline: the log directory to prove from (with --entry or --since)." };
        var entry = new Option<long?>("--entry") { Description = "Offline, with --log: prove that the entry with this leaf index is in the log." };
        var since = new Option<FileInfo?>("--since") { Description = "Offline, with --log: instead, prove that the log extends this checkpoint you kept (a consistency proof; online: 'intelhub audit consistency')." };
        var size = new Option<long?>("--size") { Description = "Offline: prove against the checkpoint of this tree size (default: the latest)." };
        var leaf = new Option<long?>("--leaf")
        {
            Description = "Online, without --log: ask the hub to prove this leaf (a receipt's audit leaf) against its latest checkpoint. Any role may prove a leaf its own agency's action made (a receipt's leaf); other agencies' leaves need the auditor role, which alone may read their entries.",
        };
        var keys = OnlineAuditCommands.LogKeyOption();
        var origin = OriginOption();
        var output = new Option<FileInfo?>("--out") { Description = "Write the proof here instead of to standard output." };
        var prove = new Command(
            "prove",
            "Write a self-contained proof that 'verify --proof' checks without the log or the hub: an entry's inclusion (c2sp.org/tlog-proof) from a log directory (--log DIR --entry N) "
            + "or from the hub (--leaf N, online); or, with --log DIR --since KEPT, that the log extends a kept checkpoint.")
        {
            log, entry, since, size, leaf, keys, origin, output,
        };
        prove.SetAction(async (parse, cancellation) =>
        {
            var logDir = parse.GetValue(log);
            var index = parse.GetValue(entry);
            var kept = parse.GetValue(since);
            if (parse.GetValue(leaf) is { } onlineLeaf)
            {
                if (logDir is not null || index is not null || kept is not null || parse.GetValue(size) is not null)
                {
                    return Usage(parse, "--leaf asks the hub to prove a leaf against its latest checkpoint; it does not combine with --log, --entry, --since or --size, which prove from a log directory.");
                }

                return await OnlineAuditCommands.ProveLeaf(parse, onlineLeaf, parse.GetValue(keys) ?? [], parse.GetValue(origin), parse.GetValue(output), cancellation);
            }

            return Run(parse, () => ProveOffline(parse, logDir, index, kept));
        });
        return prove;

        int ProveOffline(ParseResult parse, DirectoryInfo? logDir, long? index, FileInfo? kept)
        {
            if (logDir is null)
            {
                return Usage(parse, "Give --log DIR with --entry N or --since KEPT-CHECKPOINT to prove from a log directory, or --leaf N to ask the hub.");
            }

            if ((parse.GetValue(keys) ?? []).Length > 0)
            {
                return Usage(parse, "--log-key checks a proof the hub gives (--leaf); to check a proof made from a log directory, run 'intelhub audit verify --proof FILE --key KEY.pem'.");
            }

            if ((index is null) == (kept is null))
            {
                return Usage(parse, "Give either --entry N or --since KEPT-CHECKPOINT.");
            }

            var writer = parse.InvocationConfiguration.Output;
            var directory = logDir.FullName;
            var document = index is { } n
                ? AuditLogProver.Prove(directory, n, parse.GetValue(size))
                : AuditLogProver.ProveConsistency(directory, File.ReadAllText(kept!.FullName), parse.GetValue(size));
            if (parse.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, document);
                writer.WriteLine($"Wrote the proof to {file.FullName}.");
            }
            else
            {
                writer.Write(document);
            }

            return 0;
        }
    }

    /// <summary>Verifies a log directory: every entry, every checkpoint, and that it extends each checkpoint kept.</summary>
    private static int VerifyLog(ParseResult parse, string directory, string[] keyFiles, string? origin, FileInfo[]? keptFiles)
    {
        var output = parse.InvocationConfiguration.Output;
        var logKeys = VerifierKeys.Load(keyFiles, origin ?? VerifierKeys.OriginOfLog(directory) ?? "-");
        var kept = (keptFiles ?? []).Select(f => File.ReadAllText(f.FullName)).ToList();
        var report = AuditLogVerifier.Verify(directory, logKeys, kept);
        if (!report.IsValid)
        {
            output.WriteLine($"Checked {report.Entries} entries and {report.CheckpointsVerified} checkpoints before the failure.");
            return Bad(parse, report.Failure!);
        }

        output.WriteLine($"OK: {report.Entries} entries, {report.CheckpointsVerified} checkpoints verified; the latest covers {report.CoveredSize} entries.");
        if (report.UncoveredEntries > 0)
        {
            output.WriteLine($"Note: the last {report.UncoveredEntries} entries are not yet covered by a signed checkpoint.");
        }

        return 0;
    }

    private static Command Open()
    {
        var proof = new Option<FileInfo>("--proof") { Description = "An inclusion proof of the entry (from 'intelhub audit prove'); it is verified first.", Required = true };
        var keys = KeyOption();
        var origin = OriginOption();
        var salt = new Option<string>("--salt") { Description = "The item's 32-byte commitment salt, 64 hex digits, as the hub's operators hand it over.", Required = true };
        var content = new Option<FileInfo>("--content") { Description = "The content the commitment is said to cover, as docs/audit.md lays it out (a submission's parts, or a disclosed item's bytes).", Required = true };
        var disclosure = new Option<bool>("--disclosure") { Description = "The entry records a disclosure or delivery (default: a submission)." };
        var open = new Command("open", "Check that a salt and content open the content commitment of an entry proved to be in the log: what a court does with what the hub hands over.")
        {
            proof, keys, origin, salt, content, disclosure,
        };
        open.SetAction(parse => Run(parse, () =>
        {
            var document = File.ReadAllText(parse.GetValue(proof)!.FullName);
            var result = InclusionProofDocument.Verify(document, ProofKeys(parse.GetValue(keys)!, parse.GetValue(origin), document));
            if (!result.IsValid)
            {
                return Bad(parse, result.Failure!);
            }

            if (result.Entry!.ContentDigest is not { } commitment)
            {
                return Usage(parse, $"Entry {result.Index} records no content commitment: there is nothing to open.");
            }

            var saltText = parse.GetValue(salt)!;
            if (saltText.Length != 2 * ContentCommitment.SaltSize || !saltText.All(Uri.IsHexDigit))
            {
                return Usage(parse, $"--salt must be {2 * ContentCommitment.SaltSize} hex digits (the item's {ContentCommitment.SaltSize}-byte salt); got {saltText.Length} characters.");
            }

            var domain = parse.GetValue(disclosure) ? ContentCommitment.Disclosure : ContentCommitment.Submission;
            var bytes = File.ReadAllBytes(parse.GetValue(content)!.FullName);
            if (!ContentCommitment.Opens(commitment, domain, Convert.FromHexString(saltText), bytes))
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"FAILED (NotOpened): the salt and the {bytes.Length} bytes of content do not open entry {result.Index}'s commitment {commitment} as a {(parse.GetValue(disclosure) ? "disclosure" : "submission")}: this is not the content the entry records (or not laid out as docs/audit.md says, or the other --disclosure setting).");
                return 1;
            }

            parse.InvocationConfiguration.Output.WriteLine(
                $"OK: the {bytes.Length} bytes of content are what entry {result.Index} ({result.Entry.Action} of item '{result.Entry.ItemId}' by {result.Entry.Agency}) committed to, and the entry is in the log '{result.Checkpoint!.Origin}' of {result.Checkpoint.Size} entries.");
            return 0;
        }));
        return open;
    }

    // A proof whose checkpoint has no origin line to name the keys by is malformed, not a key problem:
    // the keys are loaded under a placeholder name and the verifier says what is wrong with the proof.
    private static CheckpointKeySet ProofKeys(string[] keyFiles, string? origin, string document) =>
        VerifierKeys.Load(keyFiles, origin ?? VerifierKeys.OriginOfProof(document) ?? "-");

    private static Command Export()
    {
        var log = new Option<DirectoryInfo?>("--log") { Description = "A log directory (an earlier export)." };
        var store = HubStoreLog.StoreOption();
        var postgres = HubStoreLog.PostgresOption();
        var output = new Option<DirectoryInfo>("--out") { Description = "A new or empty directory to write the export to.", Required = true };
        var export = new Command("export", "Write the log (entries, checkpoints, latest checkpoint as text) from a hub's store or a log directory, for an oversight body.")
        {
            log, store, postgres, output,
        };
        export.SetAction((parse, cancellationToken) => RunAsync(parse, async () =>
        {
            var destination = parse.GetValue(output)!.FullName;
            var logDir = parse.GetValue(log);
            var storeText = parse.GetValue(store);
            var postgresText = parse.GetValue(postgres);
            if (new object?[] { logDir, storeText ?? postgresText }.Count(o => o is not null) != 1)
            {
                return Usage(parse, "Give one of --store DIR (the hub's data directory), --postgres CONNECTION or --log DIR.");
            }

            long count;
            if (logDir is not null)
            {
                count = AuditLogExport.Export(logDir.FullName, destination);
            }
            else
            {
                await using var hubStore = HubStoreLog.Open(storeText, postgresText, out var problem);
                if (hubStore is null)
                {
                    return Usage(parse, problem!);
                }

                count = await HubStoreLog.ExportAsync(hubStore, destination, cancellationToken);
            }

            parse.InvocationConfiguration.Output.WriteLine($"Exported {count} entries to {destination}. Hand over the log's public key separately; the recipient runs 'intelhub audit verify --log {destination} --key KEY.pem'.");
            return 0;
        }));
        return export;
    }

    private static Command PublicKey()
    {
        var signingKey = new Option<FileInfo>("--signing-key") { Description = "The hub's local private key file (PEM).", Required = true };
        var publicKey = new Command("public-key", "Print the public key (PEM) of a local signing key, to give to verifiers.") { signingKey };
        publicKey.SetAction(parse => Run(parse, () =>
        {
            var path = parse.GetValue(signingKey)!.FullName;
            if (!File.Exists(path))
            {
                return Usage(parse, $"Signing key file '{path}' does not exist.");
            }

            using var signer = LocalKeySigner.OpenOrCreate(path);
            var output = parse.InvocationConfiguration.Output;
            output.Write(signer.PublicKeyPem());
            output.WriteLine();
            return 0;
        }));
        return publicKey;
    }

    private static int Bad(ParseResult parse, VerificationFailure failure)
    {
        parse.InvocationConfiguration.Error.WriteLine($"FAILED ({failure.Problem}): {failure.Message}");
        return 1;
    }

    private static int Usage(ParseResult parse, string message)
    {
        parse.InvocationConfiguration.Error.WriteLine(message);
        return 2;
    }

    // Expected failures (missing files, bad arguments, unreadable keys) become one line, not a stack trace.
    private static async Task<int> RunAsync(ParseResult parse, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception error) when (error is IOException or InvalidDataException or ArgumentException or InvalidOperationException or UnauthorizedAccessException
            || HubStoreLog.IsStoreProblem(error))
        {
            return Usage(parse, error.Message);
        }
    }

    private static int Run(ParseResult parse, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception error) when (error is IOException or InvalidDataException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            return Usage(parse, error.Message);
        }
    }
}
