using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Entities;

/// <summary>
/// A UK postcode in its canonical form, "CF10 1AA": outward code, one space, inward code. Reads any
/// case and spacing ("cf101aa", " cf10  1aa "). Checks the shape Royal Mail uses (the outward code
/// is A9, A99, AA9, AA99, A9A or AA9A; the inward code a digit and two letters), not that the
/// postcode is in use.
/// </summary>
public sealed record Postcode
{
    internal const string Field = "postcode";
    private const string Example = "CF10 1AA";

    // Letters Royal Mail never uses in the two letters of the inward code.
    private const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    private Postcode(string outward, string inward)
    {
        Outward = outward;
        Inward = inward;
    }

    public string Outward { get; }

    public string Inward { get; }

    public string Value => $"{Outward} {Inward}";

    public static Postcode Parse(string? text) =>
        TryParse(text, out var postcode, out var error) ? postcode : throw new DomainRuleException(error);

    public static bool TryParse(
        [NotNullWhen(true)] string? text, [NotNullWhen(true)] out Postcode? postcode, [NotNullWhen(false)] out DomainError? error)
    {
        postcode = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new DomainError(Field, $"Postcode is missing: give a UK postcode such as {Example}.");
            return false;
        }

        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        var problem = compact.Any(c => !char.IsAsciiLetterOrDigit(c))
            ? "it may contain only letters, digits and spaces"
            : compact.Length is < 5 or > 7
                ? "it must have 5 to 7 letters and digits"
                : !IsInward(compact.AsSpan(compact.Length - 3))
                    ? "the last three characters (inward code) must be a digit then two letters"
                    : !IsOutward(compact.AsSpan(0, compact.Length - 3)) && compact != "GIR0AA"
                        ? "the first part (outward code) must be one or two letters, a digit, then an optional letter or digit, e.g. CF10, B1 or SW1A"
                        : null;
        if (problem is not null)
        {
            error = new DomainError(Field, $"Postcode {InputEcho.Quote(text)} is not a valid UK postcode: {problem} (e.g. {Example}).");
            return false;
        }

        postcode = new Postcode(compact[..^3], compact[^3..]);
        error = null;
        return true;
    }

    public override string ToString() => Value;

    internal static bool IsInward(ReadOnlySpan<char> inward) =>
        inward.Length == 3 && char.IsAsciiDigit(inward[0])
        && InwardLetters.Contains(inward[1], StringComparison.Ordinal) && InwardLetters.Contains(inward[2], StringComparison.Ordinal);

    /// <summary>A9, A99, AA9, AA99, A9A or AA9A (upper case).</summary>
    internal static bool IsOutward(ReadOnlySpan<char> outward)
    {
        var letters = 0;
        while (letters < outward.Length && letters < 2 && char.IsAsciiLetterUpper(outward[letters]))
        {
            letters++;
        }

        if (letters == 0 || letters == outward.Length || !char.IsAsciiDigit(outward[letters]))
        {
            return false;
        }

        var rest = outward[(letters + 1)..];
        return rest.Length == 0 || (rest.Length == 1 && (char.IsAsciiDigit(rest[0]) || char.IsAsciiLetterUpper(rest[0])));
    }
}
