using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Publishing;

/// <summary>
/// The published policy: one immutable compiled snapshot, replaced atomically. A load that fails leaves the
/// previous snapshot serving, so a broken file never interrupts sharing that the published protocols allow.
/// Until a snapshot is published every decision is a deny.
/// </summary>
public sealed class PolicySet
{
    private PolicySnapshot? _current;

    public PolicySnapshot? Current => Volatile.Read(ref _current);

    /// <summary>Publishes <paramref name="snapshot"/> and returns the one it replaced.</summary>
    public PolicySnapshot? Publish(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Interlocked.Exchange(ref _current, snapshot);
    }

    /// <summary>Loads, validates and compiles the directory; publishes only if there were no errors.</summary>
    public PolicyLoadResult Reload(string directory, DateOnly asOf)
    {
        var result = PolicyLoader.Load(directory, asOf);
        if (result.Snapshot is { } snapshot)
        {
            Publish(snapshot);
        }

        return result;
    }

    /// <summary>Decides an item against the current snapshot; deny when nothing is published yet.</summary>
    public Decision Decide(ItemRequest request) =>
        Current is { } snapshot ? snapshot.Decide(request) : Decision.Deny(DecisionReason.NoProtocolPermits);

    /// <summary>Decides against the current snapshot; deny when nothing is published yet.</summary>
    public Decision Decide(in DecisionRequest request) =>
        Current is { } snapshot ? snapshot.Decide(in request) : Decision.Deny(DecisionReason.NoProtocolPermits);
}
