using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Grading;

/// <summary>
/// The conditions an originator records with handling code C (College of Policing APP): no onward
/// dissemination, not for evidential use, contact the originator before any action, and anything
/// else in their own words. Empty for handling code P.
/// </summary>
public sealed record HandlingConditions
{
    internal const string Field = "handling_conditions";
    internal const int MaxOtherLength = 500;

    private HandlingConditions(bool noOnwardDissemination, bool notForEvidentialUse, bool contactOriginatorBeforeAction, string? other)
    {
        NoOnwardDissemination = noOnwardDissemination;
        NotForEvidentialUse = notForEvidentialUse;
        ContactOriginatorBeforeAction = contactOriginatorBeforeAction;
        Other = other;
    }

    /// <summary>No conditions: what handling code P carries.</summary>
    public static HandlingConditions None { get; } = new(false, false, false, null);

    public bool NoOnwardDissemination { get; }

    public bool NotForEvidentialUse { get; }

    public bool ContactOriginatorBeforeAction { get; }

    /// <summary>Any further condition in the originator's words; null when there is none.</summary>
    public string? Other { get; }

    public bool IsEmpty => !NoOnwardDissemination && !NotForEvidentialUse && !ContactOriginatorBeforeAction && Other is null;

    public static HandlingConditions Create(
        bool noOnwardDissemination = false,
        bool notForEvidentialUse = false,
        bool contactOriginatorBeforeAction = false,
        string? other = null) =>
        TryCreate(noOnwardDissemination, notForEvidentialUse, contactOriginatorBeforeAction, other, out var conditions, out var error)
            ? conditions
            : throw new DomainRuleException(error);

    /// <param name="other">Blank counts as no other condition; it is kept trimmed.</param>
    public static bool TryCreate(
        bool noOnwardDissemination,
        bool notForEvidentialUse,
        bool contactOriginatorBeforeAction,
        string? other,
        [NotNullWhen(true)] out HandlingConditions? conditions,
        [NotNullWhen(false)] out DomainError? error)
    {
        conditions = null;
        error = null;
        var trimmed = string.IsNullOrWhiteSpace(other) ? null : other.Trim();
        if (trimmed is not null && trimmed.Length > MaxOtherLength)
        {
            error = new DomainError(
                Field,
                $"The other handling condition is {trimmed.Length} characters long: keep it to {MaxOtherLength} or "
                + "fewer and ask the recipient to contact the originator for detail.");
            return false;
        }

        if (trimmed is not null && trimmed.Any(c => char.IsControl(c) && c is not '\n'))
        {
            error = new DomainError(
                Field,
                $"The other handling condition {InputEcho.Quote(trimmed)} contains control characters: "
                + "write it as plain text (line breaks are allowed).");
            return false;
        }

        conditions = new HandlingConditions(noOnwardDissemination, notForEvidentialUse, contactOriginatorBeforeAction, trimmed);
        return true;
    }

    public override string ToString()
    {
        if (IsEmpty)
        {
            return "none";
        }

        var parts = new List<string>(4);
        if (NoOnwardDissemination)
        {
            parts.Add("no onward dissemination");
        }

        if (NotForEvidentialUse)
        {
            parts.Add("not for evidential use");
        }

        if (ContactOriginatorBeforeAction)
        {
            parts.Add("contact the originator before any action");
        }

        if (Other is not null)
        {
            parts.Add(Other);
        }

        return string.Join("; ", parts);
    }
}
