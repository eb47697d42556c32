using System.Diagnostics.CodeAnalysis;
using System.Text;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Entities;

/// <summary>
/// A UK telephone number in E.164 form, "+447700900123", read from the ways people write one:
/// "07700 900123", "+44 7700 900123", "0044 (0)7700-900 123", "447700900123", "(029) 2087 1234".
/// Checks the shape of the UK numbering plan (a national number of 10 digits, or 9 for some 01 area
/// codes and 0800 numbers, not starting 0, 4 or 6), not that the number is in service.
/// </summary>
public sealed record UkPhoneNumber
{
    internal const string Field = "phone_number";
    private const int MaxLength = 32;
    private const string Example = "07700 900123 or +44 7700 900123";

    private UkPhoneNumber(string nationalNumber) => NationalNumber = nationalNumber;

    /// <summary>The digits after +44, e.g. "7700900123".</summary>
    public string NationalNumber { get; }

    public string E164 => "+44" + NationalNumber;

    public static UkPhoneNumber Parse(string? text) =>
        TryParse(text, out var number, out var error) ? number : throw new DomainRuleException(error);

    public static bool TryParse(
        [NotNullWhen(true)] string? text, [NotNullWhen(true)] out UkPhoneNumber? number, [NotNullWhen(false)] out DomainError? error)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new DomainError(Field, $"Phone number is missing: give a UK number such as {Example}.");
            return false;
        }

        string? national = null;
        var problem = ReadDigits(text, out var digits, out var international) ?? National(digits, international, out national);
        if (problem is not null || national is null)
        {
            error = new DomainError(Field, $"Phone number {InputEcho.Quote(text)} {problem}");
            return false;
        }

        number = new UkPhoneNumber(national);
        error = null;
        return true;
    }

    public override string ToString() => E164;

    /// <summary>Keeps the digits, drops separators and a "(0)" trunk prefix, and notes a leading '+'.</summary>
    private static string? ReadDigits(string text, out string digits, out bool international)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > MaxLength)
        {
            digits = string.Empty;
            international = false;
            return $"is {trimmed.Length} characters long: a phone number fits in {MaxLength}; give one number per entity.";
        }

        international = trimmed.StartsWith('+');
        var builder = new StringBuilder(trimmed.Length);
        var body = (international ? trimmed[1..] : trimmed).Replace("(0)", string.Empty, StringComparison.Ordinal);
        foreach (var c in body)
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                digits = string.Empty;
                return $"contains {InputEcho.Quote(c.ToString())}: write only digits, spaces, hyphens, brackets and a leading + (e.g. {Example}).";
            }
        }

        digits = builder.ToString();
        return digits.Length == 0 ? $"has no digits: give a UK number such as {Example}." : null;
    }

    private static string? National(string digits, bool international, out string? national)
    {
        national = null;
        string rest;
        if (international || digits.StartsWith("00", StringComparison.Ordinal))
        {
            var afterPlus = international ? digits : digits[2..];
            if (!afterPlus.StartsWith("44", StringComparison.Ordinal))
            {
                return "is not a UK number (its country code is not +44): the hub matches UK numbers only; "
                    + "record a foreign number in the item's text instead.";
            }

            rest = afterPlus[2..];
            rest = rest.StartsWith('0') ? rest[1..] : rest; // "+44 07700..." is a common slip for "+44 7700..."
        }
        else if (digits.StartsWith('0'))
        {
            rest = digits[1..];
        }
        else if (digits.StartsWith("44", StringComparison.Ordinal) && digits.Length is 11 or 12)
        {
            rest = digits[2..]; // written without the '+'
        }
        else
        {
            return $"has no country code or leading 0: write it as dialled in the UK, starting 0 (e.g. {Example}).";
        }

        if (rest.Length == 0 || rest[0] is '0' or '4' or '6')
        {
            return $"is not a UK number: after the leading 0 (or +44) it must start with 1, 2, 3, 5, 7, 8 or 9 (e.g. {Example}).";
        }

        var shortAllowed = rest[0] is '1' or '8';
        if (rest.Length > 10 || rest.Length < (shortAllowed ? 9 : 10))
        {
            return $"has {rest.Length} digits after the leading 0 (or +44): a UK number has 10 "
                + $"(9 for some 01 and 0800 numbers), so check for a missing or extra digit (e.g. {Example}).";
        }

        national = rest;
        return null;
    }
}
