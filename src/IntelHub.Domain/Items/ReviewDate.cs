using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Items;

/// <summary>
/// The date by which an item must be reviewed under Management of Police Information (MoPI): kept
/// with a new date, or disposed of. <c>default(ReviewDate)</c> is 0001-01-01, which is always due: an
/// item whose review date was never set comes up for review rather than being kept indefinitely.
/// </summary>
public readonly record struct ReviewDate
{
    internal const string Field = "review_date";

    private ReviewDate(DateOnly date) => Date = date;

    public DateOnly Date { get; }

    /// <summary>Due on the review date itself and on every day after it.</summary>
    public bool IsDue(DateOnly today) => today >= Date;

    /// <param name="createdOn">The item's creation date, when known: a review date before it is refused.</param>
    public static ReviewDate Create(DateOnly date, DateOnly? createdOn = null) =>
        TryCreate(date, createdOn, out var reviewDate, out var error) ? reviewDate : throw new DomainRuleException(error);

    public static bool TryCreate(DateOnly date, DateOnly? createdOn, out ReviewDate reviewDate, [NotNullWhen(false)] out DomainError? error)
    {
        reviewDate = default;
        if (createdOn is { } created && date < created)
        {
            error = new DomainError(
                Field,
                $"Review date {date:yyyy-MM-dd} is before the item was created ({created:yyyy-MM-dd}): set a review date "
                + "on or after the creation date.");
            return false;
        }

        reviewDate = new ReviewDate(date);
        error = null;
        return true;
    }

    public static ReviewDate Parse(string? text, DateOnly? createdOn = null) =>
        TryParse(text, createdOn, out var reviewDate, out var error) ? reviewDate : throw new DomainRuleException(error);

    /// <summary>Reads an ISO 8601 calendar date, yyyy-MM-dd.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text, DateOnly? createdOn, out ReviewDate reviewDate, [NotNullWhen(false)] out DomainError? error)
    {
        reviewDate = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new DomainError(Field, "Review date is missing: give the MoPI review date as yyyy-MM-dd, e.g. 2031-04-30.");
            return false;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            error = new DomainError(
                Field, $"Review date {InputEcho.Quote(text)} is not a date: write it as yyyy-MM-dd, e.g. 2031-04-30.");
            return false;
        }

        return TryCreate(date, createdOn, out reviewDate, out error);
    }

    public override string ToString() => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
