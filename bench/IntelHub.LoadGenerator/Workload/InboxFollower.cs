using System.Diagnostics;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.LoadGenerator.Recording;
using IntelHub.LoadGenerator.Target;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>
/// One agency's receiving system: holds its inbox stream open with a flow-control window of <paramref name="window"/>
/// unacknowledged deliveries (the request's max_unacknowledged), acknowledges every few deliveries (and on an idle
/// heartbeat) without pausing its reading, and reconnects if the stream fails. Measures, inside the measurement window,
/// how long a delivery took from the hub queuing it to arriving here, and the acknowledgements; stream failures are
/// counted whenever they happen. Every delivery of an item goes to <paramref name="awaited"/>, which measures it from
/// its submission's reply.
/// </summary>
internal sealed class InboxFollower(AgencyChannels agencies, Reader receiver, MeasurementWindow measured, int window, AwaitedDeliveries awaited)
{
    private const int MostPerAcknowledgement = 10;
    private static readonly TimeSpan ReconnectPause = TimeSpan.FromSeconds(1);

    // At most half the window between acknowledgements, so that a stream's window never fills before one is sent:
    // a full window sends nothing more, and the follower would otherwise wait for the idle heartbeat to acknowledge.
    private readonly int _acknowledgeEvery = Math.Clamp(window / 2, 1, MostPerAcknowledgement);
    private readonly uint _window = (uint)window;

    public Recorder Recorder { get; } = new();

    /// <summary>
    /// The most deliveries this follower received, on one stream, beyond the last acknowledgement it had sent, in any
    /// phase. The hub's window counts from an acknowledgement it has accepted, which is never later than sent, so on
    /// streams that did not fail the window bounds this.
    /// </summary>
    public int MostUnacknowledged { get; private set; }

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
        using var stream = inbox.StreamInbox(new StreamInboxRequest { MaxUnacknowledged = _window, Purpose = receiver.Purpose }, agencies.Streaming(receiver.Caller, stop));
        ulong received = 0;
        var pending = 0;
        // Deliveries received since the last acknowledgement was sent (pending may also be raised after a failed one, to retry it).
        var sinceAcknowledgement = 0;
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
                        pending = sinceAcknowledgement = 0;
                    }
                }
                if (!reading.IsCompleted) continue;
                if (!await reading) break;

                var next = stream.ResponseStream.Current;
                if (next.Delivery is { } delivery)
                {
                    var receivedAt = Stopwatch.GetTimestamp();
                    var queuedAt = delivery.QueuedAt.ToDateTimeOffset();
                    var inWindow = measured.Covers(queuedAt);
                    if (inWindow) Recorder.Succeeded(OperationKind.InboxDelivery, DateTimeOffset.UtcNow - queuedAt);
                    // A withdrawal carries no item to match.
                    if (delivery.Item is { } item) awaited.Received(receiver.Caller.AgencyId, item.ItemId, receivedAt, inWindow);
                    received = delivery.Position;
                    pending++;
                    MostUnacknowledged = Math.Max(MostUnacknowledged, ++sinceAcknowledgement);
                }
                if (acknowledging is null && (pending >= _acknowledgeEvery || (pending > 0 && next.Heartbeat is not null)))
                {
                    acknowledging = AcknowledgeAsync(inbox, received, stop);
                    pending = sinceAcknowledgement = 0;
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
            if (measured.IsOpen) Recorder.Succeeded(OperationKind.Acknowledge, Stopwatch.GetElapsedTime(started));
            return true;
        }
        catch (RpcException failure) when (!stop.IsCancellationRequested)
        {
            Recorder.Failed(OperationKind.Acknowledge, failure);
            return false;
        }
    }
}
