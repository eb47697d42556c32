using IntelHub.Contracts.V1;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>An item stored in this run and the readers of the agencies the hub routed it to.</summary>
internal sealed record KnownItem(string ItemId, IReadOnlyList<Reader> RoutedTo);

/// <summary>
/// A uniform sample of the items this run has stored, from the submission receipts, so that a get asks for a real item
/// as an agency entitled to it: the agencies the hub routed it to, or, for an item routed nowhere, the submitting agency
/// reading back its own report. The sample has a fixed size (reservoir sampling: the n-th item replaces a random one
/// with probability <see cref="Capacity"/> / n), so a long run's gets still pick among every item stored while the
/// generator's memory, which shares the process with the hub it measures, stays flat.
/// </summary>
internal sealed class KnownItems(ScenarioParties parties, int capacity = KnownItems.Capacity)
{
    /// <summary>How many items the sample keeps: ample for gets at random, some 2.5 MB.</summary>
    public const int Capacity = 10_000;

    private readonly List<KnownItem> _items = [];
    private readonly Lock _guard = new();
    private readonly Random _sampling = new(2024);
    private long _stored;

    /// <summary>How many items the sample holds (at most the capacity).</summary>
    public int Count
    {
        get
        {
            lock (_guard) return _items.Count;
        }
    }

    /// <summary>Remembers a stored item, unless neither its recipients nor its originator have a reader in the scenario.</summary>
    public void Add(SubmissionReceipt receipt, string originatorAgencyId)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var readers = receipt.Routing
            .Select(r => parties.ReaderAt(r.Agency.AgencyId))
            .OfType<Reader>()
            .ToList();
        if (readers.Count == 0 && parties.ReaderAt(originatorAgencyId) is { } originator) readers.Add(originator);
        if (readers.Count == 0) return;
        var item = new KnownItem(receipt.ItemId, readers);
        lock (_guard)
        {
            _stored++;
            if (_items.Count < capacity) _items.Add(item);
            else if (_sampling.NextInt64(_stored) is var slot && slot < capacity) _items[(int)slot] = item;
        }
    }

    /// <summary>A stored item at random and one of its readers at random.</summary>
    public (string ItemId, Reader Reader) Pick(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        KnownItem item;
        lock (_guard)
        {
            if (_items.Count == 0)
                throw new InvalidOperationException("No item of this run has a reader in the scenario, so there is nothing to get: raise --seed-items.");
            item = _items[random.Next(_items.Count)];
        }
        return (item.ItemId, item.RoutedTo[random.Next(item.RoutedTo.Count)]);
    }
}
