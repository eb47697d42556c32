using System.Security.Cryptography;
using System.Text;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;
using IntelHub.Storage;

namespace IntelHub.Server.Sharing;

/// <summary>
/// Decides when a search may start from the store's entitlement index (item_entitlements: the originator's own items
/// and every permitted routing decision, written with the item and its routing) instead of every item.
/// <para>
/// The invariant: for an agency the index is used for, it lists every item the protocols in force would let that
/// agency search (for any role and purpose), and may list more. It only narrows the candidates; every row is still
/// decided for the reader (<see cref="Disclosures.ReaderDecision"/>), so a superset never widens what anyone gets.
/// It holds when (1) the published set lets the agency search only what it would route to it
/// (<see cref="PolicySnapshot.SearchesOnlyWhatItReceives"/>), and (2) every stored item has been routed under the
/// set in force today: routing does this for new items, and after each publication (and at start, and when a
/// protocol of the set comes into force) <see cref="RefreshAsync"/> decides every stored item again under the new
/// set and adds what it now permits. Until that refresh completes, searches take the unindexed path (every item,
/// decided for the reader): slower, never narrower.
/// </para>
/// <para>
/// Submissions routed under the set before a publication may commit after the refresh has read past them; the
/// refresh therefore first waits for every routing begun under another set to finish (<see cref="BeginRouting"/>).
/// This covers the hub's own submissions; other replicas refresh on their own publication, and a bulk loader writing
/// under other protocols while a hub runs is not covered until that hub's next refresh (restart it after loading).
/// </para>
/// <para>
/// A completed refresh is recorded in the store with the set's identity (<see cref="IdentityOf"/>) and day. A hub that
/// starts under the same set, with no protocol of it come into force since, resumes from that record instead of
/// deciding every item again (minutes at a million items); a bulk load deletes the record, so the start after one
/// refreshes. Before the first submission a process routes under a set, it deletes a record made for any other set
/// (<see cref="BeginRoutingAsync"/>), so a hub stopped between a publication and the end of its refresh decides every
/// item again at its next start. Only the first set a process serves may resume: after it has routed under one set, a
/// later set is always refreshed, because another replica's record cannot vouch for what this process routed meanwhile.
/// </para>
/// </summary>
public sealed class EntitlementIndex(PolicySet policies, IHubStore store, TimeProvider time) : IDisposable
{
    private const int RefreshBatch = 500;
    private readonly Lock _gate = new();
    private readonly Dictionary<PolicySnapshot, int> _routing = new(ReferenceEqualityComparer.Instance);
    private readonly SemaphoreSlim _recordGate = new(1, 1);
    private Coverage? _covered;
    private bool _resumeTried;
    private PolicySnapshot? _recordChecked;

    public void Dispose() => _recordGate.Dispose();

    /// <summary>The agency to narrow a search to, or null when its searches must read every item (see the invariant).</summary>
    public string? IndexedAgency(string agencyId)
    {
        var covered = Volatile.Read(ref _covered);
        return covered is not null && IsCurrent(covered) && covered.SearchesOnlyWhatItReceives(agencyId) ? agencyId : null;
    }

    /// <summary>Whether the index was last completed under the set in force now.</summary>
    public bool IsCurrent() => Volatile.Read(ref _covered) is { } covered && IsCurrent(covered);

    /// <summary>
    /// Marks a submission's routing as under way, under the set published now, until disposed (after its commit). The
    /// first time for a set, deletes the store's record of a refresh under another set, which could not vouch for this item.
    /// </summary>
    public async ValueTask<IDisposable> BeginRoutingAsync(CancellationToken cancellationToken)
    {
        var snapshot = policies.Current;
        if (snapshot is null) return new RoutingLease(this, null);
        lock (_gate) _routing[snapshot] = _routing.GetValueOrDefault(snapshot) + 1;
        var lease = new RoutingLease(this, snapshot);
        try
        {
            if (!ReferenceEquals(Volatile.Read(ref _recordChecked), snapshot)) await ForgetRecordOfOtherSetsAsync(snapshot, cancellationToken);
            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private async Task ForgetRecordOfOtherSetsAsync(PolicySnapshot snapshot, CancellationToken cancellationToken)
    {
        await _recordGate.WaitAsync(cancellationToken);
        try
        {
            if (ReferenceEquals(_recordChecked, snapshot)) return;
            await store.ForgetEntitlementCoverageOtherThanAsync(IdentityOf(snapshot), cancellationToken);
            Volatile.Write(ref _recordChecked, snapshot);
        }
        finally
        {
            _recordGate.Release();
        }
    }

    /// <summary>
    /// Decides every stored, undisposed item again for every agency under the set in force now and adds each permitted
    /// receipt to the index; then the index serves that set. Returns whether it did (false when no set is published).
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (policies.Current is not { } snapshot) return false;
        var on = Today;
        await WhileRoutedUnderOtherSetsAsync(snapshot, cancellationToken);
        (DateTimeOffset, string)? after = null;
        while (true)
        {
            var items = await store.FindItemsAsync(new ItemQuery { After = after, Limit = RefreshBatch }, cancellationToken);
            var entitled = new List<(string, DateTimeOffset, string)>();
            foreach (var item in items)
            {
                foreach (var agency in snapshot.AgencyIds)
                {
                    if (agency == item.OriginatorAgencyId) continue;
                    if (snapshot.Decide(SharingPolicy.Request(agency, role: null, purpose: null, SharingAction.Receive, item, on)).IsPermit)
                        entitled.Add((agency, item.CreatedAt, item.ItemId));
                }
            }
            await store.AddEntitlementsAsync(entitled, cancellationToken);
            if (items.Count < RefreshBatch) break;
            after = (items[^1].CreatedAt, items[^1].ItemId);
        }
        await RecordAsync(snapshot, on, cancellationToken);
        Volatile.Write(ref _covered, new Coverage(snapshot, on));
        return true;
    }

    /// <summary>
    /// Records the completed refresh, unless another set has been published meanwhile: items may already be routed under
    /// it. Under the gate the first routing under a set checks the record, so that check always follows this write.
    /// </summary>
    private async Task RecordAsync(PolicySnapshot snapshot, DateOnly on, CancellationToken cancellationToken)
    {
        await _recordGate.WaitAsync(cancellationToken);
        try
        {
            if (ReferenceEquals(policies.Current, snapshot))
                await store.RecordEntitlementCoverageAsync(new EntitlementCoverage(IdentityOf(snapshot), on), cancellationToken);
        }
        finally
        {
            _recordGate.Release();
        }
    }

    /// <summary>
    /// At start, serves the index from the store's record of a refresh completed under the set in force now, if there is
    /// one and no protocol of the set has come into force since; tried once, for the first set published. Returns whether it did.
    /// </summary>
    public async Task<bool> ResumeAsync(CancellationToken cancellationToken)
    {
        if (_resumeTried || policies.Current is not { } snapshot) return false;
        _resumeTried = true;
        var recorded = await store.ReadEntitlementCoverageAsync(cancellationToken);
        if (recorded is null || recorded.ProtocolSet != IdentityOf(snapshot)) return false;
        var coverage = new Coverage(snapshot, recorded.CoveredOn);
        if (!IsCurrent(coverage)) return false;
        Volatile.Write(ref _covered, coverage);
        return true;
    }

    /// <summary>
    /// What decides alike: the set's protocols (id and full text, in id order) and the policy engine that compiles them
    /// (its build's module id, so an upgraded hub refreshes once rather than trusting a record made by other code).
    /// </summary>
    internal static string IdentityOf(PolicySnapshot snapshot)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(typeof(PolicySnapshot).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        foreach (var protocol in snapshot.Protocols.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            foreach (var part in new[] { protocol.Id, protocol.DocumentText })
            {
                var bytes = Encoding.UTF8.GetBytes(part);
                hash.AppendData(BitConverter.GetBytes(bytes.Length));
                hash.AppendData(bytes);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The refresh's set is still the one published, and no protocol of it has come into force since.</summary>
    private bool IsCurrent(Coverage covered)
    {
        if (!ReferenceEquals(covered.Snapshot, policies.Current)) return false;
        var today = Today;
        return covered.On == today || !covered.Snapshot.Protocols.Any(p => p.Effective > covered.On && p.Effective <= today);
    }

    private async Task WhileRoutedUnderOtherSetsAsync(PolicySnapshot snapshot, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_routing.Keys.All(s => ReferenceEquals(s, snapshot))) return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    private void EndRouting(PolicySnapshot snapshot)
    {
        lock (_gate)
        {
            var left = _routing[snapshot] - 1;
            if (left == 0) _routing.Remove(snapshot);
            else _routing[snapshot] = left;
        }
    }

    /// <summary>A refresh completed under a set on a day, with the set's answer per agency remembered.</summary>
    private sealed class Coverage(PolicySnapshot snapshot, DateOnly on)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _agencies = new(StringComparer.Ordinal);

        public PolicySnapshot Snapshot { get; } = snapshot;

        public DateOnly On { get; } = on;

        public bool SearchesOnlyWhatItReceives(string agencyId) => _agencies.GetOrAdd(agencyId, Snapshot.SearchesOnlyWhatItReceives);
    }

    private sealed class RoutingLease(EntitlementIndex index, PolicySnapshot? snapshot) : IDisposable
    {
        private PolicySnapshot? _snapshot = snapshot;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _snapshot, null) is { } held) index.EndRouting(held);
        }
    }
}

/// <summary>Keeps the entitlement index serving the protocols in force: refreshes it at start, after each publication and when a protocol comes into force.</summary>
internal sealed partial class EntitlementRefresher(EntitlementIndex index, ILogger<EntitlementRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery);
        do
        {
            if (index.IsCurrent()) continue;
            try
            {
                if (await index.ResumeAsync(stoppingToken))
                {
                    Resumed(logger);
                    continue;
                }
                if (await index.RefreshAsync(stoppingToken)) Refreshed(logger);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                RefreshFailed(logger, failure);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "The entitlement index serves the protocols in force; partner searches read it.")]
    private static partial void Refreshed(ILogger logger);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "The entitlement index was completed for the protocols in force before this start; partner searches read it at once.")]
    private static partial void Resumed(ILogger logger);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Refreshing the entitlement index failed; searches read every item until it succeeds (retried every second).")]
    private static partial void RefreshFailed(ILogger logger, Exception failure);
}
