using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>The hub's metrics say what happened (decisions, disclosures, audit size), and neither metrics nor logs ever carry item content.</summary>
public sealed class TelemetryTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Decisions_and_disclosures_are_counted_and_no_content_reaches_metrics_or_logs()
    {
        var measurements = new ConcurrentBag<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HubMetrics.Name) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        var logs = new CapturingLogs();
        var setup = HubSetup.Sqlite() with { Services = services => services.AddSingleton<ILoggerProvider>(logs) };

        await using (var hub = await InProcessHub.StartAsync(setup))
        {
            var force = hub.As("south-wales-police", UserRole.Submitter);
            var itemId = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-telemetry"), cancellationToken: Token)).Receipt.ItemId;
            var riu = hub.As("wales-riu", UserRole.RiuAnalyst);
            await riu.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose("disrupt-trafficking") }, cancellationToken: Token);
            await riu.Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token);
            listener.RecordObservableInstruments();
        }

        Assert.Contains(measurements, m => m.Instrument == "intelhub.policy.decisions" && m.Tags.Contains("effect=permit", StringComparison.Ordinal) && m.Tags.Contains("action=receive", StringComparison.Ordinal));
        Assert.Contains(measurements, m => m.Instrument == "intelhub.disclosures" && m.Tags == "view=full,channel=get");
        Assert.Contains(measurements, m => m.Instrument == "intelhub.audit.tree_size" && m.Value > 0);
        Assert.NotEmpty(logs.Messages);
        foreach (var text in new[] { "SWP-CHIS", "07700", "Brightwash", "passports" })
        {
            Assert.DoesNotContain(measurements, m => m.Tags.Contains(text, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(logs.Messages, m => m.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
    }

    private sealed class CapturingLogs : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception) + exception);

        public void Dispose()
        {
        }
    }
}
