using System.Diagnostics.Metrics;
using IntelHub.Policy.Publishing;
using IntelHub.Server.Hosting;
using IntelHub.Server.Telemetry;

namespace IntelHub.Server.Sharing;

/// <summary>
/// Warns protocol owners ahead of a protocol's review (WASPI: a protocol past its review date is out of date and must
/// not keep authorising sharing). The intelhub.protocol.days_to_review gauge gives every protocol in force its days to
/// review whenever metrics are collected; once a day, each protocol whose review falls within
/// <see cref="HubOptions.ProtocolReviewWarningDays"/> (or has passed) is logged as a warning. Decisions need nothing
/// from here: they judge each protocol's dates on the day they are made, so a review date passing at midnight stops
/// the protocol authorising from the first decision of the next day, without a restart or a reload.
/// </summary>
internal sealed partial class ProtocolReviewWatch : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromHours(1);

    private readonly PolicySet _policies;
    private readonly HubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ProtocolReviewWatch> _logger;
    private readonly Lock _gate = new();
    private DateOnly _warnedOn;

    public ProtocolReviewWatch(PolicySet policies, HubOptions options, HubMetrics metrics, TimeProvider time, ILogger<ProtocolReviewWatch> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        (_policies, _options, _time, _logger) = (policies, options, time, logger);
        metrics.ObserveDaysToReview(DaysToReview);
    }

    private DateOnly Today => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    /// <summary>Logs the day's review warnings, unless they were logged today already; returns how many it logged.</summary>
    public int WarnOncePerDay()
    {
        var today = Today;
        lock (_gate)
        {
            if (_warnedOn == today) return 0;
            _warnedOn = today;
        }

        var warned = 0;
        foreach (var protocol in _policies.Current?.Protocols ?? [])
        {
            var days = ProtocolCatalogue.DaysToReview(protocol, today);
            if (days > _options.ProtocolReviewWarningDays) continue;
            var review = protocol.Review.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (days < 0) PastReview(_logger, protocol.Id, protocol.Version, review, protocol.Owner);
            else ReviewDue(_logger, protocol.Id, protocol.Version, review, days, protocol.Owner);
            warned++;
        }
        return warned;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, _time);
        do
        {
            WarnOncePerDay();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<Measurement<int>> DaysToReview()
    {
        var today = Today;
        return (_policies.Current?.Protocols ?? []).Select(p => new Measurement<int>(ProtocolCatalogue.DaysToReview(p, today),
            new KeyValuePair<string, object?>("protocol", p.Id), new KeyValuePair<string, object?>("version", p.Version)));
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning,
        Message = "Protocol {ProtocolId} version {Version} is due for review on {ReviewDate} ({Days} days from today): its owner {Owner} should review it with its parties and publish a reviewed version; after that date it authorises nothing.")]
    private static partial void ReviewDue(ILogger logger, string protocolId, string version, string reviewDate, int days, string owner);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning,
        Message = "Protocol {ProtocolId} version {Version} passed its review date {ReviewDate}: it authorises nothing until its owner {Owner} publishes a reviewed version.")]
    private static partial void PastReview(ILogger logger, string protocolId, string version, string reviewDate, string owner);
}
