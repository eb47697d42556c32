using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Entities;

/// <summary>
/// Something an item mentions that may link it to other items across forces: a person, location,
/// vehicle, phone number, organisation or business. Keeps the value as typed and a normalised
/// <see cref="MatchKey"/>; two entities of the same kind with equal keys are candidate matches for an
/// analyst to confirm, never an automatic identification.
/// </summary>
public sealed record Entity
{
    internal const int MaxNameLength = 200;

    // Legal forms at the end of a UK business name, in English and Welsh (Cyf = Ltd, CCC = PLC,
    // PAC = LLP), longest first so that "public limited company" goes before "company" is considered.
    private static readonly string[][] LegalSuffixes =
    [
        ["public", "limited", "company"], ["limited", "liability", "partnership"], ["community", "interest", "company"],
        ["limited", "partnership"], ["cwmni", "cyfyngedig", "cyhoeddus"],
        ["limited"], ["ltd"], ["plc"], ["llp"], ["lp"], ["cic"], ["cyfyngedig"], ["cyf"], ["ccc"], ["pac"],
        ["inc"], ["llc"],
    ];

    private Entity(EntityKind kind, string value, string matchKey)
    {
        Kind = kind;
        Value = value;
        MatchKey = matchKey;
    }

    public EntityKind Kind { get; }

    /// <summary>The value as typed, trimmed.</summary>
    public string Value { get; }

    public string MatchKey { get; }

    public static Entity Create(EntityKind kind, string? value) =>
        TryCreate(kind, value, out var entity, out var error) ? entity : throw new DomainRuleException(error);

    public static bool TryCreate(
        EntityKind kind, [NotNullWhen(true)] string? value, [NotNullWhen(true)] out Entity? entity, [NotNullWhen(false)] out DomainError? error)
    {
        entity = null;
        string? key = null;
        error = kind switch
        {
            EntityKind.PhoneNumber => UkPhoneNumber.TryParse(value, out var phone, out var e) ? Keep(phone.E164, out key) : e,
            EntityKind.Vehicle => VehicleRegistration.TryParse(value, out var plate, out var e) ? Keep(plate.Value, out key) : e,
            EntityKind.Location => Address.TryParse(value, out var address, out var e) ? Keep(address.MatchKey, out key) : e,
            EntityKind.Person => NameKey(value, "person_name", "Person name", PersonKey, out key),
            EntityKind.Organisation => NameKey(value, "organisation_name", "Organisation name", tokens => tokens, out key),
            EntityKind.Business => NameKey(value, "business_name", "Business name", BusinessKey, out key),
            _ => new DomainError("kind", $"Entity kind {(int)kind} is not defined: use one of {string.Join(", ", Enum.GetNames<EntityKind>())}."),
        };
        if (error is not null)
        {
            return false;
        }

        entity = new Entity(kind, value!.Trim(), key!); // every branch that returns no error sets the key
        return true;
    }

    public override string ToString() => $"{Kind}: {Value}";

    private static DomainError? Keep(string matchKey, out string? key)
    {
        key = matchKey;
        return null;
    }

    private static DomainError? NameKey(
        string? value, string field, string noun, Func<List<string>, List<string>> shape, out string? key)
    {
        key = null;
        var error = FreeText.Check(value, field, noun, MaxNameLength);
        if (error is not null)
        {
            return error;
        }

        var tokens = shape(MatchText.Tokens(value!));
        if (tokens.Count == 0)
        {
            return FreeText.NothingToMatch(value!, field, noun);
        }

        key = string.Join(' ', tokens);
        return null;
    }

    /// <summary>Word order is dropped, so "SMITH, John" (as many police systems record it) matches "John Smith".</summary>
    private static List<string> PersonKey(List<string> tokens)
    {
        tokens.Sort(StringComparer.Ordinal);
        return tokens;
    }

    /// <summary>Drops a leading "the" and trailing legal forms, but never the whole name ("The Limited Ltd" keeps "limited").</summary>
    private static List<string> BusinessKey(List<string> tokens)
    {
        if (tokens.Count > 1 && tokens[0] == "the")
        {
            tokens.RemoveAt(0);
        }

        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var suffix in LegalSuffixes)
            {
                if (tokens.Count > suffix.Length && tokens.TakeLast(suffix.Length).SequenceEqual(suffix))
                {
                    tokens.RemoveRange(tokens.Count - suffix.Length, suffix.Length);
                    stripped = true;
                    break;
                }
            }
        }

        return tokens;
    }
}
