using System.Security.Cryptography;
using System.Text;
using IntelHub.Audit.Entries;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Publishing;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Hosting;
using IntelHub.Storage;

namespace IntelHub.Server.Protocols;

/// <summary>
/// Keeps the hub deciding by the protocol versions the store holds in force. At first start (a store with no protocol
/// versions) it records the policies directory's protocols as published, with a ProtocolPublication audit entry each;
/// from then on the store is the record and the directory's protocol files are ignored (an edit is logged with a
/// warning that says how to change a protocol). The compiled set in force is swapped atomically
/// (<see cref="PolicySet.Publish"/>) when a change commits on this hub, when another hub process's change is noticed
/// (the store's protocol generation is polled every Hub:PolicyReloadInterval), and at the moment a scheduled version
/// takes effect or a version ends: the set for that moment is compiled beforehand and swapped by a timer.
/// </summary>
internal sealed partial class ProtocolActivation(
    PolicySet policies, StoredProtocolSet protocols, HubOptions options, IHubStore store, TimeProvider time, ILogger<ProtocolActivation> logger) : BackgroundService
{
    private const string Seeder = "policy-directory";
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _generation = -1;
    private IReadOnlyList<ProtocolVersionRecord> _versions = [];
    private volatile Pending? _next;
    private string _directoryFingerprint = "";
    private string _registerFingerprint = "";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _directoryFingerprint = DirectoryFingerprint();
        _registerFingerprint = RegisterFingerprint();
        var seed = policies.Current ?? throw new InvalidOperationException("The policies directory was not loaded at start.");
        var history = await store.ReadProtocolHistoryAsync(cancellationToken);
        if (history.Versions.Count == 0) await SeedAsync(seed, cancellationToken);
        await SyncNowAsync(cancellationToken);
        WarnAboutDirectoryEdits(seed);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Reads the store's protocol generation and, when it moved on or a scheduled change is due, swaps in the set in
    /// force now. Called after every change this hub commits, so its caller's next request decides by the change.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await SyncNowAsync(cancellationToken);
        // The loop's wait may now be too long (a version scheduled sooner): wake it to work the wait out again.
        try
        {
            if (_wake.CurrentCount == 0) _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another change woke the loop already.
        }
    }

    private async Task SyncNowAsync(CancellationToken cancellationToken)
    {
        await _sync.WaitAsync(cancellationToken);
        try
        {
            var generation = await store.ProtocolGenerationAsync(cancellationToken);
            var now = time.GetUtcNow();
            if (generation != _generation)
            {
                var history = await store.ReadProtocolHistoryAsync(cancellationToken);
                _versions = history.Versions;
                _generation = history.Generation;
                SwapIn(Compile(now), now);
                PrepareNext(now);
            }
            else if (_next is { } next && next.At <= now)
            {
                SwapIn(next.Snapshot, now);
                PrepareNext(now);
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.PolicyReloadInterval > TimeSpan.Zero ? options.PolicyReloadInterval : Timeout.InfiniteTimeSpan;
            if (_next is { } next)
            {
                var untilNext = next.At - time.GetUtcNow();
                if (wait == Timeout.InfiniteTimeSpan || untilNext < wait) wait = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext;
            }
            try
            {
                await _wake.WaitAsync(wait, stoppingToken);
                await SyncNowAsync(stoppingToken);
                await WatchDirectoryAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                SyncFailed(logger, failure);
            }
        }
    }

    /// <summary>The set in force at <paramref name="at"/>, compiled; null when it does not compile (the previous set keeps serving).</summary>
    private PolicySnapshot? Compile(DateTimeOffset at)
    {
        var inForce = ProtocolTimeline.AllInForce(_versions, at);
        var loaded = protocols.Compile(inForce, DateOnly.FromDateTime(at.UtcDateTime));
        if (loaded.Snapshot is { } snapshot) return snapshot;
        var errors = loaded.Errors.ToList();
        NotCompiled(logger, errors.Count, string.Join(" ", errors.Take(5)));
        return null;
    }

    private void PrepareNext(DateTimeOffset now)
    {
        _next = ProtocolTimeline.NextChange(_versions, now) is { } at && Compile(at) is { } snapshot ? new Pending(at, snapshot) : null;
    }

    private void SwapIn(PolicySnapshot? snapshot, DateTimeOffset now)
    {
        if (snapshot is null) return;
        // The same versions with the same texts decide alike: no swap, and no needless refresh of the entitlement index.
        if (policies.Current is { } current && Texts(current).SequenceEqual(Texts(snapshot))) return;
        policies.Publish(snapshot);
        var versions = string.Join(", ", snapshot.Protocols.Select(p => $"{p.Id} v{p.Version}"));
        Published(logger, snapshot.Protocols.Count, versions, now);
    }

    private static IEnumerable<(string, string)> Texts(PolicySnapshot snapshot) =>
        snapshot.Protocols.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => (p.Id, p.DocumentText));

    /// <summary>First start: the directory's protocols become the store's first published versions.</summary>
    private async Task SeedAsync(PolicySnapshot seed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var protocol in seed.Protocols)
        {
            var digest = StoredProtocolSet.DigestOf(protocol.DocumentText);
            var audit = HubAuditLog.Encode(new AuditEntry
            {
                Time = now, Action = AuditAction.ProtocolPublication, Agency = protocol.Owner, User = Seeder,
                ContentDigest = ContentDigest.FromHex(digest), Decision = "published", ProtocolId = protocol.Id, ProtocolVersion = protocol.Version,
            });
            await store.SaveProtocolVersionAsync(new ProtocolVersionRecord(protocol.Id, protocol.Version, protocol.DocumentText, digest, ProtocolTimeline.Published,
                Seeder, protocol.Approvers, protocol.Effective.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), now)
            {
                ChangeNote = "Seeded from the policies directory at the hub's first start.",
                ProposerAgency = protocol.Owner, PublishedAgency = protocol.Owner, PublishedBy = Seeder, PublishedAt = now,
            }, [audit], cancellationToken);
        }
        Seeded(logger, seed.Protocols.Count, protocols.PolicyDirectory);
    }

    /// <summary>Warns when the directory's protocol files say something other than the versions in force: they are not published.</summary>
    private void WarnAboutDirectoryEdits(PolicySnapshot directorySet)
    {
        var inForce = policies.Current;
        var differing = directorySet.Protocols
            .Where(file => inForce?.Protocols.FirstOrDefault(p => p.Id == file.Id)?.DocumentText != file.DocumentText)
            .Select(file => file.File)
            .ToList();
        if (differing.Count > 0) DirectoryIgnored(logger, string.Join(", ", differing));
    }

    /// <summary>
    /// The agency register and areas stay files: an edit to them is compiled with the versions in force (and kept out
    /// when it does not compile). An edit to a protocol file is only warned about.
    /// </summary>
    private async Task WatchDirectoryAsync(CancellationToken cancellationToken)
    {
        var register = RegisterFingerprint();
        if (register != _registerFingerprint)
        {
            _registerFingerprint = register;
            await _sync.WaitAsync(cancellationToken);
            _generation = -1;
            _sync.Release();
            await SyncNowAsync(cancellationToken);
        }
        var fingerprint = DirectoryFingerprint();
        if (fingerprint == _directoryFingerprint) return;
        _directoryFingerprint = fingerprint;
        DirectoryIgnored(logger, Path.Combine(protocols.PolicyDirectory, PolicyLoader.ProtocolsFolder));
    }

    private string RegisterFingerprint() =>
        Fingerprint([.. new[] { PolicyLoader.AgenciesFile, IntelHub.Policy.Areas.AreaCatalogue.FileName }.Select(f => Path.Combine(protocols.PolicyDirectory, f)).Where(File.Exists)]);

    /// <summary>Names, sizes and times of the directory's protocol files: enough to notice an edit.</summary>
    private string DirectoryFingerprint()
    {
        var folder = Path.Combine(protocols.PolicyDirectory, PolicyLoader.ProtocolsFolder);
        return Directory.Exists(folder) ? Fingerprint([.. Directory.EnumerateFiles(folder, "*.yaml")]) : "";
    }

    private static string Fingerprint(IReadOnlyList<string> paths)
    {
        var files = paths
            .Select(f => new FileInfo(f))
            .OrderBy(f => f.FullName, StringComparer.Ordinal)
            .Select(f => $"{f.FullName}|{f.Length}|{f.LastWriteTimeUtc.Ticks}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', files))));
    }

    /// <summary>The set compiled for the next moment a version takes or loses effect; read by the timer loop, replaced whole.</summary>
    private sealed record Pending(DateTimeOffset At, PolicySnapshot Snapshot);

    public override void Dispose()
    {
        _sync.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "In force from {At}: {Count} sharing protocols: {Versions}.")]
    private static partial void Published(ILogger logger, int count, string versions, DateTimeOffset at);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "The protocol versions in force do not compile against the policies directory's agencies and areas ({Count} problems); the previous set keeps serving. Fix agencies.yaml or areas.yaml: {Problems}")]
    private static partial void NotCompiled(ILogger logger, int count, string problems);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "First start: recorded the {Count} protocols of {Directory} as published; from now on the hub's store holds the protocol versions.")]
    private static partial void Seeded(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "The policies directory's protocol files ({Files}) differ from the versions in force and are ignored: the hub's store holds the protocols. Change a protocol with 'intelhub protocol propose FILE --note TEXT' (then approve and publish); 'intelhub protocol export DIR' writes the versions in force back as files.")]
    private static partial void DirectoryIgnored(ILogger logger, string files);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "Reading the protocols in force from the store failed; the current set keeps serving and the hub tries again.")]
    private static partial void SyncFailed(ILogger logger, Exception failure);
}
