using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IntelHub.Server.Telemetry;

/// <summary>
/// The hub's own traces and metrics. Instruments carry labels that say what happened (effect,
/// view, action), never who or what about: no item content, no user, no entity ever goes into
/// telemetry.
/// </summary>
public sealed class HubMetrics : IDisposable
{
    public const string Name = "IntelHub.Server";

    private readonly Meter _meter;

    /// <summary>This hub's meter (one per service provider), which tells its instruments from another hub's in the same process.</summary>
    internal Meter Meter => _meter;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _disclosures;
    private readonly Histogram<double> _inboxLag;
    private long _auditTreeSize;
    private long _awaitingReview;

    public HubMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(Name);
        _decisions = _meter.CreateCounter<long>("intelhub.policy.decisions", "{decision}", "Sharing decisions made, by effect and action.");
        _disclosures = _meter.CreateCounter<long>("intelhub.disclosures", "{disclosure}", "Items disclosed to an agency, by view and channel.");
        _inboxLag = _meter.CreateHistogram<double>("intelhub.inbox.lag", "s", "Time from an item being queued to its delivery on an inbox stream.");
        _meter.CreateObservableGauge("intelhub.items.awaiting_review", () => Volatile.Read(ref _awaitingReview), "{item}", "Items past their review date, withheld until reviewed or disposed of.");
        _meter.CreateObservableGauge("intelhub.audit.tree_size", () => Volatile.Read(ref _auditTreeSize), "{leaf}", "Leaves in the audit log's Merkle tree.");
    }

    public static readonly ActivitySource Activities = new(Name);

    public void Decided(string effect, string action) =>
        _decisions.Add(1, new KeyValuePair<string, object?>("effect", effect), new KeyValuePair<string, object?>("action", action));

    public void Disclosed(string view, string channel) =>
        _disclosures.Add(1, new KeyValuePair<string, object?>("view", view), new KeyValuePair<string, object?>("channel", channel));

    public void Delivered(TimeSpan lag) => _inboxLag.Record(lag.TotalSeconds);

    public void AwaitingReview(long count) => Volatile.Write(ref _awaitingReview, count);

    public void AuditTreeGrew(long size) => Volatile.Write(ref _auditTreeSize, size);

    /// <summary>Publishes the days to each protocol's review, observed on each collection (tagged by protocol id and version).</summary>
    public void ObserveDaysToReview(Func<IEnumerable<Measurement<int>>> observe) =>
        _meter.CreateObservableGauge("intelhub.protocol.days_to_review", observe, "d", "Whole days from today to each protocol's review date; negative once past, when it authorises nothing.");

    public void Dispose() => _meter.Dispose();
}
