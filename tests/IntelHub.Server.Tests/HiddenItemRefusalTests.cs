using System.Diagnostics;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// An item the caller may not see is refused exactly as one that does not exist: the same status, message and
/// audit entry, and the same time to refuse (within noise), on get and on ExplainDecision. The timings run alone,
/// not beside other tests, so that another test's burst of work does not land on one side of a comparison.
/// </summary>
[Collection(nameof(HiddenItemRefusalTests))]
public sealed class HiddenItemRefusalTests(PostgresCluster cluster)
{
    private const int SamplesEach = 60;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Explaining_an_item_the_caller_may_not_know_of_answers_exactly_as_for_one_that_does_not_exist()
    {
        // Given intelligence for its originating agency only, and a protocol owner at the RIU, which may not know of it
        await using var hub = await InProcessHub.StartAsync();
        var hiddenId = await SubmitOriginatorOnlyAsync(hub);
        var owner = new ProtocolService.ProtocolServiceClient(hub.As("wales-riu", UserRole.ProtocolOwner, "owner-1").Channel);
        var absentId = Guid.CreateVersion7().ToString();
        var audited = await hub.Store.AuditCountAsync(Token);

        // When the owner asks to explain the hidden item and an id that does not exist
        var hidden = await Assert.ThrowsAsync<RpcException>(() => owner.ExplainDecisionAsync(ExplainRequest(hiddenId), cancellationToken: Token).ResponseAsync);
        var absent = await Assert.ThrowsAsync<RpcException>(() => owner.ExplainDecisionAsync(ExplainRequest(absentId), cancellationToken: Token).ResponseAsync);

        // Then both answers are the same but for the id, and so are their audit entries
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(absent.StatusCode, hidden.StatusCode);
        Assert.Equal(absent.Status.Detail.Replace(absentId, "ID", StringComparison.Ordinal), hidden.Status.Detail.Replace(hiddenId, "ID", StringComparison.Ordinal));
        var denials = await AuditTrail.DenialsSinceAsync(hub, audited, Token);
        Assert.Equal(2, denials.Count);
        Assert.Equal(denials[1] with { ItemId = "ID", Time = DateTimeOffset.UnixEpoch, TraceId = "" }, denials[0] with { ItemId = "ID", Time = DateTimeOffset.UnixEpoch, TraceId = "" });
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Getting_a_hidden_item_takes_as_long_to_refuse_as_getting_an_absent_one(Engine engine)
    {
        // Given an item hidden from the RIU
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var hiddenId = await SubmitOriginatorOnlyAsync(hub);
        var riu = hub.As("wales-riu", UserRole.RiuAnalyst);

        // When the RIU asks for it and for absent ids, alternately, many times
        // Then the typical times to refuse are the same within noise
        await AssertRefusedAlikeAsync(id => riu.Reports.GetItemAsync(new GetItemRequest { ItemId = id, Purpose = Purpose("disrupt-trafficking") }, cancellationToken: Token).ResponseAsync, hiddenId);
    }

    [Fact]
    public async Task Explaining_a_hidden_item_takes_as_long_to_refuse_as_explaining_an_absent_one()
    {
        await using var hub = await InProcessHub.StartAsync();
        var hiddenId = await SubmitOriginatorOnlyAsync(hub);
        var owner = new ProtocolService.ProtocolServiceClient(hub.As("wales-riu", UserRole.ProtocolOwner).Channel);

        await AssertRefusedAlikeAsync(id => owner.ExplainDecisionAsync(ExplainRequest(id), cancellationToken: Token).ResponseAsync, hiddenId);
    }

    /// <summary>Intelligence graded 5x5x5 with handling 4: for the originating agency only, so no other agency may know of it.</summary>
    private static async Task<string> SubmitOriginatorOnlyAsync(InProcessHub hub)
    {
        var request = LabourIntelligence("swp-originator-only");
        request.LegacyGrade = new LegacyGrade
        {
            SourceEvaluation = (LegacySourceEvaluation)2,
            IntelligenceEvaluation = (LegacyIntelligenceEvaluation)2,
            HandlingCode = (LegacyHandlingCode)4,
        };
        var receipt = (await hub.As("south-wales-police", UserRole.Submitter).Reports.SubmitIntelligenceAsync(request, cancellationToken: Token)).Receipt;
        Assert.DoesNotContain(receipt.Routing, r => r.Agency.AgencyId == "wales-riu");
        return receipt.ItemId;
    }

    private static ExplainDecisionRequest ExplainRequest(string itemId) => new()
    {
        Subject = new DecisionSubject { AgencyId = "cardiff-council", Role = Role.PartnerPractitioner, PurposeId = "safeguarding-victims" },
        Action = PolicyAction.View,
        ItemId = itemId,
    };

    /// <summary>
    /// The median time to refuse the hidden id and a fresh absent id, measured alternately (so both see the same load),
    /// after a warm-up. Each call must be refused.
    /// </summary>
    private static async Task<(TimeSpan Hidden, TimeSpan Absent)> AlternatingMediansAsync(Func<string, Task> call, string hiddenId)
    {
        async Task<TimeSpan> RefusalTimeAsync(string id)
        {
            var clock = Stopwatch.StartNew();
            var refused = await Assert.ThrowsAsync<RpcException>(() => call(id));
            clock.Stop();
            Assert.Equal(StatusCode.NotFound, refused.StatusCode);
            return clock.Elapsed;
        }

        for (var i = 0; i < 10; i++)
        {
            await RefusalTimeAsync(hiddenId);
            await RefusalTimeAsync(Guid.CreateVersion7().ToString());
        }
        var hidden = new List<TimeSpan>();
        var absent = new List<TimeSpan>();
        for (var i = 0; i < SamplesEach; i++)
        {
            // Alternate which goes first, so that neither always follows the other.
            if (i % 2 == 0)
            {
                hidden.Add(await RefusalTimeAsync(hiddenId));
                absent.Add(await RefusalTimeAsync(Guid.CreateVersion7().ToString()));
            }
            else
            {
                absent.Add(await RefusalTimeAsync(Guid.CreateVersion7().ToString()));
                hidden.Add(await RefusalTimeAsync(hiddenId));
            }
        }
        return (Median(hidden), Median(absent));
    }

    private static TimeSpan Median(List<TimeSpan> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }

    /// <summary>
    /// The medians of a round differ by at most a third of the larger, or 2 ms. A leak is systematic and shows in every
    /// round; a busy machine's noise seldom does in three, so a round within noise passes and three outside it fail.
    /// </summary>
    private static async Task AssertRefusedAlikeAsync(Func<string, Task> call, string hiddenId)
    {
        var rounds = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var (hidden, absent) = await AlternatingMediansAsync(call, hiddenId);
            var difference = (hidden - absent).Duration();
            var allowed = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(2).Ticks, Math.Max(hidden.Ticks, absent.Ticks) / 3));
            if (difference <= allowed) return;
            rounds.Add($"hidden {hidden.TotalMilliseconds:F2} ms, absent {absent.TotalMilliseconds:F2} ms");
        }
        Assert.Fail($"refusing a hidden item took a different median time from refusing an absent one in every round: {string.Join("; ", rounds)}");
    }
}

/// <summary>The refusal timings, run with nothing else beside them.</summary>
[CollectionDefinition(nameof(HiddenItemRefusalTests), DisableParallelization = true)]
public sealed class HiddenItemRefusalTiming;
