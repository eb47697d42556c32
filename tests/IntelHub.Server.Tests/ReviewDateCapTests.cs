using Google.Rpc;
using Grpc.Core;
using IntelHub.Identity;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>A submission's review date is capped by the retention rule of the protocols covering its originator.</summary>
public sealed class ReviewDateCapTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_review_date_beyond_the_protocols_retention_is_refused_naming_the_field_and_the_latest_date_allowed()
    {
        await using var hub = await InProcessHub.StartAsync();
        var police = hub.As("south-wales-police", UserRole.Submitter);
        var council = hub.As("cardiff-council", UserRole.Submitter);
        var itemsBefore = (await hub.Store.FindItemsAsync(new Storage.ItemQuery { Limit = 1000 }, Token)).Count;

        var forever = LabourIntelligence("cap-forever");
        forever.ReviewDate = new Google.Type.Date { Year = 9999, Month = 12, Day = 31 };
        var tooLong = SafeguardingConcern("cap-four-years");
        tooLong.ReviewDate = InYears(4);
        var refusedForever = await Assert.ThrowsAsync<RpcException>(() => police.Reports.SubmitIntelligenceAsync(forever, cancellationToken: Token).ResponseAsync);
        var refusedTooLong = await Assert.ThrowsAsync<RpcException>(() => council.Reports.SubmitInformationAsync(tooLong, cancellationToken: Token).ResponseAsync);
        var accepted = await council.Reports.SubmitInformationAsync(SafeguardingConcern("cap-three-years"), cancellationToken: Token);

        // The Wales ISP keeps intelligence at most P10Y and partners' information at most P3Y.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (refusedForever.StatusCode, refusedTooLong.StatusCode));
        var foreverViolation = Assert.Single(refusedForever.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("review_date", foreverViolation.Field);
        Assert.Contains($"no later than {today.AddYears(10):yyyy-MM-dd}", foreverViolation.Description, StringComparison.Ordinal);
        Assert.Contains($"no later than {today.AddYears(3):yyyy-MM-dd}", Assert.Single(refusedTooLong.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Description, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(accepted.Receipt.ItemId));
        Assert.Equal(itemsBefore + 1, (await hub.Store.FindItemsAsync(new Storage.ItemQuery { Limit = 1000 }, Token)).Count);
    }
}
