using System.Collections.Concurrent;

namespace IntelHub.Server.Inbox;

/// <summary>
/// Wakes an agency's open inbox streams when something is routed to it by this process. Streams
/// also poll the store, so deliveries routed by another hub replica arrive too, a little later.
/// It also carries, for flow control only, how far the agency has acknowledged as soon as this process
/// accepts an acknowledgement: the stream need not wait for the acknowledgement's commit (which queues
/// behind the store's single writer) to send the next deliveries. What is durable stays in the store:
/// a stream resumes from the stored position, so nothing is lost if that commit fails.
/// </summary>
public sealed class InboxSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _accepted = new(StringComparer.Ordinal);

    /// <summary>An acknowledgement up to a position (checked against the agency's inbox) was accepted: its streams may send further.</summary>
    public void Acknowledged(string agencyId, long position)
    {
        _accepted.AddOrUpdate(agencyId, position, (_, known) => Math.Max(known, position));
        Notify(agencyId);
    }

    /// <summary>The highest position this process has accepted an acknowledgement for (0 when none).</summary>
    public long AcknowledgedPosition(string agencyId) => _accepted.GetValueOrDefault(agencyId);

    public void Notify(string agencyId)
    {
        if (_waiting.TryRemove(agencyId, out var waiter)) waiter.TrySetResult();
    }

    /// <summary>Completes when the agency is notified or the timeout passes, whichever is first.</summary>
    public async Task WaitAsync(string agencyId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = _waiting.GetOrAdd(agencyId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await waiter.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Polling interval reached: the caller reads the store again.
        }
    }
}
