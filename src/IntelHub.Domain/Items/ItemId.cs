using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Items;

/// <summary>
/// An item's opaque id: a version 7 GUID (time-ordered, so new rows append to an index rather than
/// scatter), written in the standard 36-character form. <c>default(ItemId)</c> is not an item:
/// reading its <see cref="Value"/> throws.
/// </summary>
public readonly record struct ItemId
{
    internal const string Field = "item_id";
    private readonly Guid _value;

    private ItemId(Guid value) => _value = value;

    public Guid Value => _value != Guid.Empty ? _value : throw new InvalidOperationException(
        "This ItemId was never set (default value); create one with ItemId.New or ItemId.Parse.");

    public static ItemId New() => new(Guid.CreateVersion7());

    /// <summary>A new id whose time order follows <paramref name="createdAt"/>.</summary>
    public static ItemId New(DateTimeOffset createdAt) => new(Guid.CreateVersion7(createdAt));

    public static ItemId FromGuid(Guid value) =>
        value != Guid.Empty
            ? new ItemId(value)
            : throw new DomainRuleException(new DomainError(Field, "Item id is the empty GUID: give the id the hub returned when the item was submitted."));

    public static ItemId Parse(string? text) =>
        TryParse(text, out var id, out var error) ? id : throw new DomainRuleException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, out ItemId id, [NotNullWhen(false)] out DomainError? error)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new DomainError(Field, "Item id is missing: give the id the hub returned when the item was submitted.");
            return false;
        }

        if (!Guid.TryParseExact(text, "D", out var value) || value == Guid.Empty)
        {
            error = new DomainError(
                Field,
                $"Item id {InputEcho.Quote(text)} is not an item id: it is 36 characters, hex digits and hyphens, e.g. "
                + "0190f5c4-7b1e-7c3a-9d2e-5f1a2b3c4d5e, as returned when the item was submitted.");
            return false;
        }

        id = new ItemId(value);
        error = null;
        return true;
    }

    public override string ToString() => Value.ToString("D");
}
