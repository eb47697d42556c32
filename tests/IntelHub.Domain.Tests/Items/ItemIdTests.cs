using IntelHub.Domain.Items;

namespace IntelHub.Domain.Tests.Items;

public sealed class ItemIdTests
{
    [Fact]
    public void New_ids_are_distinct_and_read_back_from_their_text()
    {
        var first = ItemId.New();
        var second = ItemId.New();

        Assert.NotEqual(first, second);
        Assert.Equal(first, ItemId.Parse(first.ToString()));
        Assert.Equal(7, first.Value.Version);
    }

    [Fact]
    public void Ids_created_later_sort_later()
    {
        var earlier = ItemId.New(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var later = ItemId.New(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) < 0);
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("0190f5c47b1e7c3a9d2e5f1a2b3c4d5e")]
    [InlineData("{0190f5c4-7b1e-7c3a-9d2e-5f1a2b3c4d5e}")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void Malformed_item_id_is_refused_with_the_expected_form(string text)
    {
        var parsed = ItemId.TryParse(text, out _, out var error);

        Assert.False(parsed);
        Assert.Equal("item_id", error!.Field);
        Assert.Contains("is not an item id: it is 36 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_empty_item_id_is_refused()
    {
        Assert.Contains("Item id is missing", Assert.Throws<DomainRuleException>(() => ItemId.Parse(" ")).Message, StringComparison.Ordinal);
        Assert.Throws<DomainRuleException>(() => ItemId.FromGuid(Guid.Empty));
    }

    [Fact]
    public void Unset_item_id_cannot_be_read()
    {
        Assert.Throws<InvalidOperationException>(() => default(ItemId).Value);
    }
}
