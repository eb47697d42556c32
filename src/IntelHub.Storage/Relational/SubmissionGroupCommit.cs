using System.Threading.Channels;

namespace IntelHub.Storage.Relational;

/// <summary>
/// Group commit for submissions: concurrent submissions queue here and one writer stores them in one transaction
/// (one fsync), each in a savepoint of its own, so a submission that fails (a reused idempotency key, a constraint)
/// rolls back alone and the others commit. Every caller is answered only once the whole batch is durable.
/// A caller that gives up while still queued writes nothing; one whose submission is already in a batch gets the
/// batch's true outcome, so that its answer never disagrees with what is stored. Submissions are taken into a batch
/// only once its transaction holds the write locks, so a caller that gives up while another writer holds them
/// leaves nothing behind, and whatever queued during the wait joins the batch.
/// </summary>
internal sealed class SubmissionGroupCommit : IAsyncDisposable
{
    /// <summary>The most submissions one transaction holds: bounds how long a batch keeps the writer and how much one failed commit fails.</summary>
    public const int MaxBatch = 128;

    private readonly Func<Func<IReadOnlyList<Pending>>, Task> _writeBatch;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _writer;

    /// <param name="writeBatch">
    /// Opens a transaction, takes the lock a batch needs, then calls its argument for the batch (empty when every
    /// queued caller gave up meanwhile), stores it and completes every pending submission in it.
    /// </param>
    public SubmissionGroupCommit(Func<Func<IReadOnlyList<Pending>>, Task> writeBatch)
    {
        _writeBatch = writeBatch;
        // Started on the first submission: a store that only reads runs no background task.
        _writer = new Lazy<Task>(() => Task.Run(WriteAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async Task<SubmissionOutcome> SubmitAsync(Submission submission, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(submission);
        _ = _writer.Value;
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(RelationalHubStore), "The store is closing: the submission was not stored. Retry it against a running hub.");
        await using (cancellationToken.Register(() => pending.TryCancel(cancellationToken)))
        {
            return await pending.Outcome.Task;
        }
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            try
            {
                await _writeBatch(() => Take(batch, MaxBatch));
            }
            catch (Exception failure)
            {
                // The transaction as a whole failed (no write lock in time, connection lost, commit refused): nothing
                // of it is stored. When it failed before taking its batch, the callers queued meanwhile share its fate.
                if (batch.Count == 0) Take(batch, int.MaxValue);
                foreach (var pending in batch) pending.Outcome.TrySetException(failure);
            }
        }
    }

    private List<Pending> Take(List<Pending> batch, int most)
    {
        while (batch.Count < most && _queue.Reader.TryRead(out var next))
        {
            if (next.TryTake()) batch.Add(next);
        }
        return batch;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated) await _writer.Value;
    }

    /// <summary>One caller's submission and the answer it waits for.</summary>
    internal sealed class Pending(Submission submission)
    {
        private const int Queued = 0, Taken = 1, Cancelled = 2;
        private int _state;

        public Submission Submission { get; } = submission;

        public TaskCompletionSource<SubmissionOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Claims the submission for a batch; false when its caller already gave up.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        public void TryCancel(CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued) Outcome.TrySetCanceled(cancellationToken);
        }
    }
}
