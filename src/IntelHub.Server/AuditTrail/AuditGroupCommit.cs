using System.Threading.Channels;
using IntelHub.Storage;

namespace IntelHub.Server.AuditTrail;

/// <summary>
/// Appends the standalone audit entries of concurrent requests (disclosures, deliveries, denials) in
/// one store transaction: the store keeps audit indices gap-free by serialising appends, so each
/// transaction waits for the one before it to commit, and one commit per request would make every
/// audited read queue behind one fsync. Each caller still gets its own leaf indices, in order, and
/// only after the batch is durable; if the batch fails, every caller in it fails and nothing of it
/// is in the log.
/// </summary>
public sealed class AuditGroupCommit : IAsyncDisposable
{
    private const int MaxBatchEntries = 1000;

    private readonly IHubStore _store;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public AuditGroupCommit(IHubStore store)
    {
        _store = store;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Appends the encoded entries and returns their leaf indices once they are durable.</summary>
    public async Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return [];
        var pending = new Pending(entries, new TaskCompletionSource<IReadOnlyList<long>>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The hub is stopping: the audit log takes no more entries, so nothing was disclosed.");
        // A caller that gives up still has its entries written: an attempted disclosure stays on record.
        return await pending.Indices.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var count = 0;
            while (count < MaxBatchEntries && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Entries.Count;
            }

            try
            {
                var indices = await _store.AppendAuditAsync([.. batch.SelectMany(p => p.Entries)], CancellationToken.None);
                var offset = 0;
                foreach (var pending in batch)
                {
                    pending.Indices.TrySetResult(indices.Skip(offset).Take(pending.Entries.Count).ToArray());
                    offset += pending.Entries.Count;
                }
            }
            catch (Exception failure)
            {
                foreach (var pending in batch) pending.Indices.TrySetException(failure);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private sealed record Pending(IReadOnlyList<ReadOnlyMemory<byte>> Entries, TaskCompletionSource<IReadOnlyList<long>> Indices);
}
