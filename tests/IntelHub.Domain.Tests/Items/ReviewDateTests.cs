using IntelHub.Domain.Items;

namespace IntelHub.Domain.Tests.Items;

public sealed class ReviewDateTests
{
    private static readonly DateOnly Review = new(2031, 4, 30);

    [Theory]
    [InlineData(2031, 4, 29, false)]
    [InlineData(2031, 4, 30, true)]
    [InlineData(2031, 5, 1, true)]
    public void Review_is_due_on_and_after_the_date(int year, int month, int day, bool due)
    {
        Assert.Equal(due, ReviewDate.Create(Review).IsDue(new DateOnly(year, month, day)));
    }

    [Fact]
    public void Review_date_before_the_item_was_created_is_refused()
    {
        var created = ReviewDate.TryCreate(new DateOnly(2020, 1, 1), new DateOnly(2024, 5, 1), out _, out var error);

        Assert.False(created);
        Assert.Equal("review_date", error!.Field);
        Assert.Contains("2020-01-01 is before the item was created (2024-05-01)", error.Message, StringComparison.Ordinal);
        Assert.Contains("set a review date on or after the creation date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_date_on_the_creation_date_is_accepted()
    {
        Assert.Equal(Review, ReviewDate.Create(Review, createdOn: Review).Date);
    }

    [Fact]
    public void Review_date_is_read_and_printed_as_iso_8601()
    {
        var reviewDate = ReviewDate.Parse(" 2031-04-30 ");

        Assert.Equal(Review, reviewDate.Date);
        Assert.Equal("2031-04-30", reviewDate.ToString());
    }

    [Theory]
    [InlineData("30/04/2031")]
    [InlineData("2031-02-30")]
    [InlineData("soon")]
    public void Malformed_review_date_is_refused_with_the_format(string text)
    {
        var exception = Assert.Throws<DomainRuleException>(() => ReviewDate.Parse(text));

        Assert.Equal("review_date", exception.Field);
        Assert.Contains("is not a date: write it as yyyy-MM-dd", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsed_review_date_before_creation_is_refused()
    {
        Assert.Throws<DomainRuleException>(() => ReviewDate.Parse("2020-01-01", new DateOnly(2024, 5, 1)));
    }

    [Fact]
    public void Unset_review_date_is_always_due()
    {
        Assert.True(default(ReviewDate).IsDue(new DateOnly(2000, 1, 1)));
    }
}
