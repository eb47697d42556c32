namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    [Fact]
    public async Task Timestamps_are_kept_in_utc_to_the_microsecond_and_read_back_equal()
    {
        // Given an item whose times carry microseconds, are given in British Summer Time, lie before 1970 or far ahead,
        // and one with ticks finer than a microsecond
        var (_, store) = await MigratedStoreAsync(new FixedClock(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567)));
        var createdBst = new DateTimeOffset(2026, 6, 30, 23, 59, 59, TimeSpan.FromHours(1)).AddTicks(999_999 * 10);
        var item = Sample.Item("item-1", createdBst) with
        {
            OccurredFrom = new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(123_456 * 10),
            OccurredTo = new DateTimeOffset(2199, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1),
        };

        // When it is stored and read back
        var outcome = await store.SubmitAsync(Sample.Submission(item), Token);
        var stored = await store.GetItemAsync("item-1", Token);

        // Then each time is the same instant, in UTC, truncated to the microsecond
        Assert.NotNull(stored);
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 22, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), stored.CreatedAt);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        Assert.Equal(item.OccurredFrom, stored.OccurredFrom);
        Assert.Equal(new DateTimeOffset(2199, 1, 1, 0, 0, 0, TimeSpan.Zero), stored.OccurredTo);
        var queuedAt = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);
        Assert.All(outcome.Delivered, e => Assert.Equal(queuedAt, e.QueuedAt));
        Assert.All(await store.ReadInboxAsync(Sample.Riu, 0, 10, Token), e => Assert.Equal(queuedAt, e.QueuedAt));

        // And the stored instant works as a search cursor: the item is after one microsecond less, not after itself
        Assert.Single(await store.FindItemsAsync(new ItemQuery { After = (stored.CreatedAt.AddTicks(-10), "item-1") }, Token));
        Assert.Empty(await store.FindItemsAsync(new ItemQuery { After = (stored.CreatedAt, "item-1") }, Token));
    }
}
