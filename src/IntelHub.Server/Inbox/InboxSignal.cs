using System.Collections.Concurrent;

namespace IntelHub.Server.Inbox;

/// <summary>
/// Wakes an agency's open inbox streams when something is routed to it by this process. Streams
/// also poll the store, so deliveries routed by another hub replica arrive too, a little later.
/// </summary>
public sealed class InboxSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

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
