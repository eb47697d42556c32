using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Agencies;

/// <summary>
/// An agency's id as written in protocol files and certificates: a lowercase slug such as
/// <c>gwent-police</c> or <c>cardiff-council</c>. <c>default(AgencyId)</c> is not an agency:
/// reading its <see cref="Value"/> throws, so an id that was never set cannot be stored or compared
/// by accident as the empty string.
/// </summary>
public readonly record struct AgencyId
{
    internal const string Field = "agency_id";
    private readonly string? _value;

    private AgencyId(string value) => _value = value;

    public string Value => _value ?? throw new InvalidOperationException(
        "This AgencyId was never set (default value); create one with AgencyId.Parse.");

    public static AgencyId Parse(string? text) =>
        TryParse(text, out var id, out var error) ? id : throw new DomainRuleException(error);

    public static bool TryParse(
        [NotNullWhen(true)] string? text, out AgencyId id, [NotNullWhen(false)] out DomainError? error)
    {
        error = Slug.Check(text, Field, "Agency id", "gwent-police");
        id = error is null ? new AgencyId(text!) : default;
        return error is null;
    }

    public override string ToString() => Value;
}
