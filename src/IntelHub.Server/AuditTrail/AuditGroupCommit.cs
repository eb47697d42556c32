using System.Threading.Channels;
using IntelHub.Storage;

namespace IntelHub.Server.AuditTrail;

/// <summary>
/// Appends the standalone audit entries of concurrent requests (disclosures, deliveries, denials), and
/// inbox acknowledgements with theirs, in one store transaction: the store keeps audit indices gap-free
/// by serialising appends, so each transaction waits for the one before it to commit, and one commit
/// per request would make every audited read, and every acknowledgement a stream's flow control waits
/// for, queue behind one fsync. Each caller still gets its own leaf indices, in order, and only after
/// the batch is durable; if the batch fails, every caller in it fails and nothing of it is in the log.
/// An acknowledgement beyond its agency's inbox is refused alone.
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
        return (await WriteAsync(new AuditedWrite(entries), "nothing was disclosed", cancellationToken)).Sequences;
    }

    /// <summary>
    /// Moves the agency's inbox cursor up to a position with the acknowledgement's audit entries, and returns the
    /// acknowledged position once durable. A position beyond the agency's last inbox entry throws
    /// <see cref="ArgumentOutOfRangeException"/> and changes nothing.
    /// </summary>
    public async Task<long> AcknowledgeAsync(string agencyId, long upToPosition, IReadOnlyList<ReadOnlyMemory<byte>> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var outcome = await WriteAsync(new AuditedWrite(entries, new InboxAcknowledgement(agencyId, upToPosition)), "nothing was acknowledged", cancellationToken);
        if (outcome.Refusal is { } refusal) throw new ArgumentOutOfRangeException(nameof(upToPosition), upToPosition, refusal);
        return outcome.AcknowledgedPosition ?? throw new InvalidOperationException("The store moved no inbox cursor for an acknowledgement it accepted.");
    }

    private async Task<AuditedWriteOutcome> WriteAsync(AuditedWrite write, string otherwise, CancellationToken cancellationToken)
    {
        var pending = new Pending(write, new TaskCompletionSource<AuditedWriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException($"The hub is stopping: the audit log takes no more entries, so {otherwise}.");
        // A caller that gives up still has its entries written: an attempted disclosure stays on record.
        return await pending.Outcome.Task.WaitAsync(cancellationToken);
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
                count += Math.Max(1, next.Write.AuditEntries.Count);
            }

            try
            {
                var outcomes = await _store.WriteAuditedAsync([.. batch.Select(p => p.Write)], CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) batch[i].Outcome.TrySetResult(outcomes[i]);
            }
            catch (Exception failure)
            {
                foreach (var pending in batch) pending.Outcome.TrySetException(failure);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private sealed record Pending(AuditedWrite Write, TaskCompletionSource<AuditedWriteOutcome> Outcome);
}
