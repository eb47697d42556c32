namespace IntelHub.Domain.Items;

/// <summary>What an item is (domain.md, "Information versus intelligence").</summary>
public enum ItemKind
{
    /// <summary>A record as received or observed, not evaluated.</summary>
    Information = 1,
    /// <summary>Information evaluated and graded by an intelligence professional, with a handling code.</summary>
    Intelligence = 2,
    /// <summary>Analysis built from many items, e.g. a problem profile.</summary>
    Product = 3,
}
