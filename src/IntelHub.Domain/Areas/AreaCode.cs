using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Areas;

/// <summary>
/// A geographic area an agency covers or an item concerns, as a lowercase slug such as
/// <c>cardiff</c> or <c>gwent</c>. <c>default(AreaCode)</c> is not an area: reading its
/// <see cref="Value"/> throws.
/// </summary>
public readonly record struct AreaCode
{
    internal const string Field = "area";
    private readonly string? _value;

    private AreaCode(string value) => _value = value;

    public string Value => _value ?? throw new InvalidOperationException(
        "This AreaCode was never set (default value); create one with AreaCode.Parse.");

    public static AreaCode Parse(string? text) =>
        TryParse(text, out var area, out var error) ? area : throw new DomainRuleException(error);

    public static bool TryParse(
        [NotNullWhen(true)] string? text, out AreaCode area, [NotNullWhen(false)] out DomainError? error)
    {
        error = Slug.Check(text, Field, "Area code", "cardiff");
        area = error is null ? new AreaCode(text!) : default;
        return error is null;
    }

    public override string ToString() => Value;
}
