using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using ItemDescription = IntelHub.Policy.Decisions.ItemDescription;
using ItemRequest = IntelHub.Policy.Decisions.ItemRequest;
using ItemTheme = IntelHub.Policy.Decisions.ItemTheme;
using SharingAction = IntelHub.Policy.Decisions.SharingAction;
using IntelHub.Policy.Publishing;
using IntelHub.Server.Sharing;
using IntelHub.Server.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static IntelHub.Server.Tests.SampleReports;
using WireKind = IntelHub.Contracts.V1.ItemKind;

namespace IntelHub.Server.Tests;

/// <summary>
/// Review dates: owners are warned ahead (a listing filter, days to review, a gauge, a daily warning), and a protocol past
/// its review date authorises nothing, with a reason naming it, from the first decision after midnight without a restart.
/// The nail-bar DDA (review 2027-01-31) is the protocol under review; the other protocols are reviewed later.
/// </summary>
public sealed class ProtocolReviewTests
{
    private const string Dda = "dda-2026-014-cardiff-nail-bars";
    private static readonly DateOnly DdaReview = new(2027, 1, 31);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Protocols_due_for_review_are_listed_with_their_days_counted_in_a_gauge_and_warned_of_once_a_day()
    {
        // Given a hub on 2027-01-10, 21 days before the DDA's review and more than 30 before any other's
        var clock = ClockAt(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));
        var logs = new ReviewWarnings();
        var gauge = new ConcurrentDictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HubMetrics.Name && instrument.Name == "intelhub.protocol.days_to_review") l.EnableMeasurementEvents(instrument);
        };
        // Tests run hubs side by side in this process: only this hub's meter counts.
        Meter? ours = null;
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            if (ReferenceEquals(instrument.Meter, Volatile.Read(ref ours))) gauge[(string)tags.ToArray().Single(t => t.Key == "protocol").Value!] = value;
        });
        listener.Start();
        await using var hub = await InProcessHub.StartAsync(HubSetup.Sqlite() with { Clock = clock, Services = s => s.AddSingleton<ILoggerProvider>(logs) });
        Volatile.Write(ref ours, hub.Services.GetRequiredService<HubMetrics>().Meter);
        var protocols = new ProtocolService.ProtocolServiceClient(UserAt(hub, clock, "cardiff-council", UserRole.PartnerPractitioner).Channel);

        // When reviews due within 30 days are listed
        var due = await protocols.ListProtocolsAsync(new ListProtocolsRequest { ReviewDueWithinDays = 30 }, cancellationToken: Token);
        var all = await protocols.ListProtocolsAsync(new ListProtocolsRequest(), cancellationToken: Token);

        // Then only the DDA is, 21 days from its review; every protocol says its days to review
        var dda = Assert.Single(due.Protocols);
        Assert.Equal((Dda, 21, ProtocolStatus.InForce), (dda.ProtocolId, dda.DaysToReview, dda.Status));
        Assert.Equal(4, all.Protocols.Count);
        Assert.Equal(80, all.Protocols.Single(p => p.ProtocolId == "wales-anti-trafficking-isp").DaysToReview);
        var refused = await Assert.ThrowsAsync<RpcException>(() => protocols.ListProtocolsAsync(new ListProtocolsRequest { ReviewDueWithinDays = -1 }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);

        // And the gauge gives every protocol its days
        listener.RecordObservableInstruments();
        Assert.Equal(21, gauge[Dda]);
        Assert.Equal(80, gauge["wales-anti-trafficking-isp"]);

        // And the owners were warned of the DDA once at start, not again that day, and again the next day
        var watch = hub.Services.GetRequiredService<ProtocolReviewWatch>();
        Assert.Equal([$"{Dda}|21"], logs.Warnings);
        Assert.Equal(0, watch.WarnOncePerDay());
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, watch.WarnOncePerDay());
        Assert.Equal([$"{Dda}|21", $"{Dda}|20"], logs.Warnings);
    }

    [Fact]
    public async Task At_midnight_after_its_review_date_a_protocol_stops_authorising_and_every_denial_it_causes_names_it()
    {
        // Given a running hub a minute before midnight on the DDA's review date, and South Wales Police information on
        // labour exploitation in Cardiff, which the DDA lets trading standards read for the joint inspections
        var clock = ClockAt(new DateTimeOffset(2027, 1, 31, 23, 59, 0, TimeSpan.Zero));
        await using var hub = await InProcessHub.StartAsync(HubSetup.Sqlite() with { Clock = clock });
        var information = SafeguardingConcern("nail-bar-1");
        information.Subject = Subject(Cardiff, ExploitationType.Labour);
        var itemId = (await UserAt(hub, clock, "south-wales-police", UserRole.Submitter).Reports.SubmitInformationAsync(information, cancellationToken: Token)).Receipt.ItemId;
        var inspection = new GetItemRequest { ItemId = itemId, Purpose = Purpose("joint-nail-bar-inspections") };
        var before = await TradingStandardsAt(hub, clock).Reports.GetItemAsync(inspection, cancellationToken: Token);
        Assert.Equal(DisclosureView.Full, before.Item.View);

        // When midnight passes, with no restart and no reload
        clock.Advance(TimeSpan.FromMinutes(2));

        // Then the same read is refused, the DDA is listed as out of date, and the explanation names it
        var after = await Assert.ThrowsAsync<RpcException>(() => TradingStandardsAt(hub, clock).Reports.GetItemAsync(inspection, cancellationToken: Token).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, after.StatusCode);
        var protocols = new ProtocolService.ProtocolServiceClient(UserAt(hub, clock, "south-wales-police", UserRole.ProtocolOwner).Channel);
        var dda = (await protocols.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Dda }, cancellationToken: Token)).Protocol;
        Assert.Equal((ProtocolStatus.OutOfDate, -1), (dda.Status, dda.DaysToReview));
        var explained = await protocols.ExplainDecisionAsync(new ExplainDecisionRequest
        {
            Subject = new DecisionSubject { AgencyId = "cardiff-council", Role = Role.PartnerPractitioner, PurposeId = "joint-nail-bar-inspections", Team = TradingStandards },
            Action = PolicyAction.View,
            ItemId = itemId,
        }, cancellationToken: Token);
        Assert.Equal(Contracts.V1.DecisionEffect.Deny, explained.Effect);
        Assert.StartsWith($"denied: protocol {Dda} version 1 passed its review date 2027-01-31;", explained.Summary, StringComparison.Ordinal);
        Assert.Equal((Dda, "1", "swp-information-for-joint-inspections"), (explained.Basis.ProtocolId, explained.Basis.ProtocolVersion, explained.Basis.RuleId));
    }

    [Fact]
    public async Task The_hub_and_the_offline_decision_give_the_same_past_review_reason()
    {
        // Given the repository's protocols, and a hub asked about the day after the DDA's review
        await using var hub = await InProcessHub.StartAsync();
        var owner = new ProtocolService.ProtocolServiceClient(hub.As("south-wales-police", UserRole.ProtocolOwner).Channel);
        var day = DdaReview.AddDays(1);
        var shape = new Contracts.V1.ItemShape
        {
            Kind = WireKind.Information, OriginatorAgencyId = "south-wales-police", Classification = OfficialSensitivePersonal,
            Themes = { new Contracts.V1.Theme { ExploitationType = ExploitationType.Labour, VictimAgeGroup = VictimAgeGroup.Adult } },
            AreaGssCodes = { Cardiff },
        };

        // When the hub explains it and the policy library decides the same request offline (as intelhub policy decide does)
        var explained = await owner.ExplainDecisionAsync(new ExplainDecisionRequest
        {
            Subject = new DecisionSubject { AgencyId = "cardiff-council", Role = Role.PartnerPractitioner, PurposeId = "joint-nail-bar-inspections", Team = TradingStandards },
            Action = PolicyAction.View,
            ItemShape = shape,
            At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc)),
        }, cancellationToken: Token);
        var offline = PolicyLoader.Load(PolicyLoader.FindPolicyDirectory(AppContext.BaseDirectory)!, day).Snapshot!.Explain(new ItemRequest(
            "cardiff-council", "partner-practitioner", "joint-nail-bar-inspections", SharingAction.View,
            new ItemDescription
            {
                Kind = Domain.Items.ItemKind.Information, Originator = "south-wales-police", Classification = Domain.Classification.ClassificationLevel.OfficialSensitive,
                Themes = [new ItemTheme(Domain.Themes.ExploitationType.Labour, Domain.Themes.AgeGroup.Adult)], Areas = [Cardiff],
            }, day) { Team = TradingStandards });

        // Then both deny for the same reason, which names the protocol, its version and its review date
        Assert.Equal(Policy.Decisions.DecisionReason.ProtocolPastReview, offline.Decision.Reason);
        Assert.Equal("denied: " + offline.Reason, explained.Summary);
        Assert.StartsWith($"protocol {Dda} version 1 passed its review date 2027-01-31;", offline.Reason, StringComparison.Ordinal);
    }

    /// <summary>A clock moved to <paramref name="at"/>; it runs on from there.</summary>
    private static MovableClock ClockAt(DateTimeOffset at)
    {
        var clock = new MovableClock();
        clock.Advance(at - clock.GetUtcNow());
        return clock;
    }

    /// <summary>A user whose token is issued by the hub's moved clock, so that it is valid at the hub's time.</summary>
    private static HubUser UserAt(InProcessHub hub, TimeProvider clock, string agencyId, UserRole role) => RetentionTests.UserAt(hub, clock, agencyId, role);

    /// <summary>The DDA shares with Cardiff Council's trading standards team only.</summary>
    private const string TradingStandards = "trading-standards";

    /// <summary>A Cardiff trading standards officer whose token is in date by the hub's (moved) clock.</summary>
    private static HubUser TradingStandardsAt(InProcessHub hub, TimeProvider clock)
    {
        var token = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(hub.DataDirectory, "pki"))
            .Issue("cardiff-council", "officer-1", UserRole.PartnerPractitioner, TradingStandards, TimeSpan.FromMinutes(30), clock);
        return new HubUser("cardiff-council", UserRole.PartnerPractitioner, hub.ChannelAs(hub.Pki.ClientCertificateFor("cardiff-council", TimeProvider.System), bearerToken: token));
    }

    /// <summary>The review warnings the hub logs, as "protocol|days" (or "protocol|past").</summary>
    private sealed class ReviewWarnings : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyList<string> Warnings => [.. _warnings];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is not (6201 or 6202) || state is not IReadOnlyList<KeyValuePair<string, object?>> values) return;
            var field = values.ToDictionary(v => v.Key, v => v.Value);
            _warnings.Enqueue($"{field["ProtocolId"]}|{(eventId.Id == 6201 ? field["Days"] : "past")}");
        }

        public void Dispose()
        {
        }
    }
}
