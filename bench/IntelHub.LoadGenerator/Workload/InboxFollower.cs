using System.Diagnostics;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.LoadGenerator.Recording;
using IntelHub.LoadGenerator.Target;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>
/// One agency's receiving system: holds its inbox stream open, acknowledges every few deliveries (and
/// on an idle heartbeat) without pausing its reading, and reconnects if the stream fails. Measures, inside the window, how long a
/// delivery took from the hub queuing it to arriving here, and the acknowledgements; stream failures
/// are counted whenever they happen.
/// </summary>
internal sealed class InboxFollower(AgencyChannels agencies, Reader receiver, MeasurementWindow window)
{
    // Within the hub's flow-control window, so the stream never waits for an acknowledgement.
    private const uint MaxUnacknowledged = 100;
    private const int AcknowledgeEvery = 10;
    private static readonly TimeSpan ReconnectPause = TimeSpan.FromSeconds(1);

    public Recorder Recorder { get; } = new();

    public async Task FollowAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await FollowOnceAsync(stop);
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException failure)
            {
                Recorder.Failed(OperationKind.InboxDelivery, failure);
            }
            try
            {
                await Task.Delay(ReconnectPause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FollowOnceAsync(CancellationToken stop)
    {
        var inbox = agencies.For(receiver.Caller.AgencyId).Inbox;
        using var stream = inbox.StreamInbox(new StreamInboxRequest { MaxUnacknowledged = MaxUnacknowledged, Purpose = receiver.Purpose }, agencies.Streaming(receiver.Caller, stop));
        ulong received = 0;
        var pending = 0;
        // A receiving system reads on while its acknowledgement travels: at most one is in flight, and the next covers
        // everything received meanwhile. Awaiting each in the read loop would make the acknowledgement's round trip,
        // not the hub's delivery, the stream's limit. The next acknowledgement goes as soon as the last one is answered,
        // not only when another message arrives: a stream whose window is full sends nothing until it is acknowledged.
        Task<bool>? acknowledging = null;
        try
        {
            var reading = stream.ResponseStream.MoveNext(stop);
            while (true)
            {
                if (!reading.IsCompleted) await Task.WhenAny(reading, acknowledging ?? reading);
                if (acknowledging is { IsCompleted: true })
                {
                    var answered = await acknowledging;
                    acknowledging = null;
                    // A failed acknowledgement is retried with the next message, not at once: a failing hub is not hammered.
                    if (!answered) pending = Math.Max(pending, 1);
                    else if (pending > 0)
                    {
                        acknowledging = AcknowledgeAsync(inbox, received, stop);
                        pending = 0;
                    }
                }
                if (!reading.IsCompleted) continue;
                if (!await reading) break;

                var next = stream.ResponseStream.Current;
                if (next.Delivery is { } delivery)
                {
                    var queuedAt = delivery.QueuedAt.ToDateTimeOffset();
                    if (window.Covers(queuedAt)) Recorder.Succeeded(OperationKind.InboxDelivery, DateTimeOffset.UtcNow - queuedAt);
                    received = delivery.Position;
                    pending++;
                }
                if (acknowledging is null && (pending >= AcknowledgeEvery || (pending > 0 && next.Heartbeat is not null)))
                {
                    acknowledging = AcknowledgeAsync(inbox, received, stop);
                    pending = 0;
                }
                reading = stream.ResponseStream.MoveNext(stop);
            }
        }
        finally
        {
            if (acknowledging is not null) await acknowledging.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Acknowledges up to a position; a failed acknowledgement is counted, and the next one covers its deliveries.</summary>
    private async Task<bool> AcknowledgeAsync(InboxService.InboxServiceClient inbox, ulong upTo, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await inbox.AcknowledgeAsync(new AcknowledgeRequest { UpToPosition = upTo }, agencies.As(receiver.Caller, stop));
            if (window.IsOpen) Recorder.Succeeded(OperationKind.Acknowledge, Stopwatch.GetElapsedTime(started));
            return true;
        }
        catch (RpcException failure) when (!stop.IsCancellationRequested)
        {
            Recorder.Failed(OperationKind.Acknowledge, failure);
            return false;
        }
    }
}
