using System.Security.Cryptography;
using System.Text;
using IntelHub.Audit.Entries;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Publishing;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Hosting;
using IntelHub.Storage;

namespace IntelHub.Server.Sharing;

/// <summary>
/// Keeps the hub's record of the protocols it decides by, and picks up protocol owners' changes
/// while it runs. Every protocol version the hub publishes is stored (document and digest) with a
/// ProtocolPublication audit entry, so the version an audit entry names can always be read back; a
/// document changed under a version number already recorded is refused, because the audit trail
/// would then name two different texts by one version. The policy directory is polled: a changed set
/// is published only if every file validates and no version is rewritten; otherwise the previous set
/// keeps serving and the problems are logged for the operators.
/// </summary>
internal sealed partial class PolicyPublisher(
    PolicySet policies, HubOptions options, string directory, IHubStore store, TimeProvider time, ILogger<PolicyPublisher> logger) : BackgroundService
{
    private const string Publisher = "policy-directory";
    private string _fingerprint = "";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _fingerprint = Fingerprint(directory);
        var current = policies.Current ?? throw new InvalidOperationException("No protocols were published at start.");
        var conflict = await RecordAsync(current, cancellationToken);
        if (conflict is not null) throw new HubConfigurationException([conflict]);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.PolicyReloadInterval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(options.PolicyReloadInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var fingerprint = Fingerprint(directory);
            if (fingerprint == _fingerprint) continue;
            _fingerprint = fingerprint;
            await ReloadAsync(stoppingToken);
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var loaded = PolicyLoader.Load(directory, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (loaded.Snapshot is not { } snapshot)
        {
            var errors = loaded.Errors.ToList();
            NotPublished(logger, errors.Count, directory);
            foreach (var error in errors.Take(20)) PolicyProblem(logger, error.ToString());
            return;
        }

        var conflict = await RecordAsync(snapshot, cancellationToken);
        if (conflict is not null)
        {
            NotPublished(logger, 1, directory);
            PolicyProblem(logger, conflict);
            return;
        }

        policies.Publish(snapshot);
        var versions = string.Join(", ", snapshot.Protocols.Select(p => $"{p.Id} v{p.Version}"));
        Published(logger, snapshot.Protocols.Count, versions);
    }

    /// <summary>Stores every version of <paramref name="snapshot"/> not yet recorded; the problem when one rewrites a recorded version.</summary>
    private async Task<string?> RecordAsync(PolicySnapshot snapshot, CancellationToken cancellationToken)
    {
        var recorded = (await store.ListProtocolVersionsAsync(cancellationToken))
            .ToDictionary(v => (v.ProtocolId, v.Version), v => v.DocumentDigest);
        var now = time.GetUtcNow();
        foreach (var protocol in snapshot.Protocols)
        {
            var digest = DigestOf(protocol.DocumentText);
            if (recorded.TryGetValue((protocol.Id, protocol.Version), out var known))
            {
                if (known == digest) continue;
                return $"{protocol.File} changes protocol {protocol.Id} version {protocol.Version}, which the hub has already published with other text: " +
                    "give the changed protocol a new version number, so that audit entries naming the old version keep meaning what it said.";
            }

            var audit = HubAuditLog.Encode(new AuditEntry
            {
                Time = now, Action = AuditAction.ProtocolPublication, Agency = protocol.Owner, User = Publisher,
                ContentDigest = ContentDigest.FromHex(digest), Decision = "published", ProtocolId = protocol.Id, ProtocolVersion = protocol.Version,
            });
            try
            {
                await store.SaveProtocolVersionAsync(new ProtocolVersionRecord(protocol.Id, protocol.Version, protocol.DocumentText, digest, "published",
                    Publisher, protocol.Approvers, protocol.Effective.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), now), [audit], cancellationToken);
            }
            catch (StoreConflictException conflict)
            {
                return conflict.Message;
            }
        }

        return null;
    }

    /// <summary>The SHA-256 (lower-case hex) of a protocol document's UTF-8 text: how the hub and its audit log name a version's text.</summary>
    public static string DigestOf(string documentText) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(documentText)));

    /// <summary>What the directory holds: names, sizes and times of its files, enough to notice an edit or a swapped mount.</summary>
    private static string Fingerprint(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => new FileInfo(f))
            .OrderBy(f => f.FullName, StringComparer.Ordinal)
            .Select(f => $"{f.FullName}|{f.Length}|{f.LastWriteTimeUtc.Ticks}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', files))));
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Published {Count} sharing protocols: {Versions}.")]
    private static partial void Published(ILogger logger, int count, string versions);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "The changed sharing protocols in {Directory} were not published ({Count} problems); the previous protocols keep serving. Fix them (intelhub policy lint shows every problem).")]
    private static partial void NotPublished(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Protocol problem: {Problem}")]
    private static partial void PolicyProblem(ILogger logger, string problem);
}
