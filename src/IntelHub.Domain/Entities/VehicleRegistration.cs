using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Entities;

/// <summary>
/// A UK vehicle registration mark as a match key: upper case with no spaces or hyphens, "AB12CDE",
/// read from "AB12 CDE", "ab12cde" or "AB-12-CDE". Letters and digits are never swapped (O for 0,
/// I for 1): a guessed correction would link vehicles that are not the same.
/// </summary>
public sealed record VehicleRegistration
{
    internal const string Field = "vehicle_registration";
    private const int MaxLength = 16;

    private VehicleRegistration(string value, VehicleRegistrationFormat format)
    {
        Value = value;
        Format = format;
    }

    public string Value { get; }

    public VehicleRegistrationFormat Format { get; }

    public static VehicleRegistration Parse(string? text) =>
        TryParse(text, out var registration, out var error) ? registration : throw new DomainRuleException(error);

    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        [NotNullWhen(true)] out VehicleRegistration? registration,
        [NotNullWhen(false)] out DomainError? error)
    {
        registration = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new DomainError(Field, "Vehicle registration is missing: give the registration as on the number plate, e.g. AB12 CDE.");
            return false;
        }

        var compact = text.Length > MaxLength
            ? null
            : string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c != '-')).ToUpperInvariant();
        var format = compact is not null && compact.All(char.IsAsciiLetterOrDigit) ? Recognise(compact) : null;
        if (format is null)
        {
            error = new DomainError(
                Field,
                $"Vehicle registration {InputEcho.Quote(text)} is not a recognised UK registration: write the letters and "
                + "digits as on the plate, in the current format (AB12 CDE) or an older prefix (A123 BCD), suffix "
                + "(ABC 123D) or dateless (ABC 123) one.");
            return false;
        }

        registration = new VehicleRegistration(compact!, format.Value);
        error = null;
        return true;
    }

    public override string ToString() => Value;

    private static VehicleRegistrationFormat? Recognise(string plate)
    {
        var shape = Shape(plate);
        return shape switch
        {
            "LLDDLLL" => VehicleRegistrationFormat.Current,
            "LDLLL" or "LDDLLL" or "LDDDLLL" => VehicleRegistrationFormat.Prefix,
            "LLLDL" or "LLLDDL" or "LLLDDDL" => VehicleRegistrationFormat.Suffix,
            _ when IsDateless(shape) => VehicleRegistrationFormat.Dateless,
            _ => null,
        };
    }

    /// <summary>1-3 letters then 1-4 digits, or 1-4 digits then 1-3 letters, at most 7 characters.</summary>
    private static bool IsDateless(string shape)
    {
        var letters = shape.TrimStart('L');
        var digitsFirst = shape.TrimStart('D');
        return shape.Length <= 7
            && ((shape.StartsWith('L') && shape.Length - letters.Length <= 3 && letters.Length is >= 1 and <= 4 && letters.All(c => c == 'D'))
                || (shape.StartsWith('D') && shape.Length - digitsFirst.Length <= 4 && digitsFirst.Length is >= 1 and <= 3 && digitsFirst.All(c => c == 'L')));
    }

    /// <summary>"AB12CDE" -> "LLDDLLL".</summary>
    private static string Shape(string plate) =>
        string.Create(plate.Length, plate, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiDigit(source[i]) ? 'D' : 'L';
            }
        });
}
