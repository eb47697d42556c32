using System.Globalization;
using IntelHub.Demo.Geography;
using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.DataSet;

/// <summary>
/// Identity number -> a synthetic phone, vehicle, address, business or person, the same on every run. Distinct numbers
/// give distinct match keys for phones, vehicles, addresses and businesses (each number is read as digits in a mixed
/// radix); people are keyed by name, so common names recur across numbers as they do in life. Nobody's data: phone
/// numbers start in Ofcom's drama range 07700 900xxx and continue above it in the same format, and every name,
/// street and business is made up from syllables.
/// </summary>
internal static class SyntheticIdentityNumbers
{
    // The syllables and letters of the scenario's own identities, so both read alike.
    private static readonly string[] StreetStarts = SyntheticIdentities.StreetStarts;
    private static readonly string[] StreetEnds = SyntheticIdentities.StreetEnds;
    private static readonly string[] StreetKinds = SyntheticIdentities.StreetKinds;
    private static readonly string[] NameParts = SyntheticIdentities.NameStarts;
    private static readonly string[] NameEnds = SyntheticIdentities.NameEnds;
    private static readonly (string Words, string Trade)[] Trades =
    [
        ("Hand Car Wash", "hand car wash"), ("Nails", "nail bar"), ("Takeaway", "takeaway"), ("Barbers", "barber shop"),
        ("Care Home", "care home"), ("Recycling", "waste recycling yard"), ("Packing", "food packing unit"), ("Lettings", "lettings agency"),
    ];
    private static readonly (string Make, string Model)[] Cars =
    [
        ("Ford", "Transit"), ("BMW", "3 Series"), ("Vauxhall", "Astra"), ("Audi", "A4"), ("Mercedes", "Sprinter"),
        ("Toyota", "Prius"), ("Volkswagen", "Golf"), ("Nissan", "Qashqai"), ("Skoda", "Octavia"), ("Peugeot", "208"),
    ];
    private static readonly string[] Colours = ["black", "white", "silver", "grey", "blue", "red"];
    private static readonly Nationality[] Nationalities =
    [
        Nationality.Albanian, Nationality.Vietnamese, Nationality.Romanian, Nationality.Eritrean, Nationality.Sudanese,
        Nationality.Chinese, Nationality.Polish, Nationality.Nigerian, Nationality.British,
    ];

    private const string TagLetters = SyntheticIdentities.TagLetters;
    private const string RandomLetters = SyntheticIdentities.RandomLetters;
    private const string InwardLetters = SyntheticIdentities.InwardLetters;

    public static SyntheticPhone Phone(long number) =>
        new("0" + (7_700_900_000L + number).ToString(CultureInfo.InvariantCulture));

    public static SyntheticVehicle Vehicle(long number)
    {
        var n = number;
        var letters = string.Concat(Enumerable.Range(0, 3).Select(_ => RandomLetters[(int)Take(ref n, RandomLetters.Length)]));
        var year = 10 + (int)Take(ref n, 14) + (Take(ref n, 2) == 0 ? 0 : 50);
        var tag = TagLetters[(int)Take(ref n, TagLetters.Length)];
        var region = TagLetters[(int)(n % TagLetters.Length)];
        var (make, model) = Cars[(int)(number % Cars.Length)];
        return new SyntheticVehicle($"{region}{tag}{year:D2}{letters}", make, model, Colours[(int)(number / Cars.Length % Colours.Length)]);
    }

    /// <summary>An address; one in four is a flat.</summary>
    public static SyntheticAddress Address(long number)
    {
        var n = number;
        var house = 1 + (int)Take(ref n, 140);
        var inward = string.Concat(
            (1 + Take(ref n, 9)).ToString(CultureInfo.InvariantCulture),
            InwardLetters[(int)Take(ref n, InwardLetters.Length)].ToString(),
            InwardLetters[(int)Take(ref n, InwardLetters.Length)].ToString());
        var town = WelshGeography.Towns[(int)Take(ref n, WelshGeography.Towns.Count)];
        var district = town.PostcodeDistricts[(int)(n % town.PostcodeDistricts.Count)];
        var street = StreetStarts[(int)(number % StreetStarts.Length)] + StreetEnds[(int)(number / 7 % StreetEnds.Length)];
        return new SyntheticAddress(number % 4 == 0 ? $"Flat {1 + (number % 12)}" : null, house, street, StreetKinds[(int)(number / 3 % StreetKinds.Length)],
            town, district, inward);
    }

    public static SyntheticBusiness Business(long number)
    {
        var n = number;
        var (words, trade) = Trades[(int)Take(ref n, Trades.Length)];
        var name = string.Concat(Enumerable.Range(0, 2).Select(_ => NameParts[(int)Take(ref n, NameParts.Length)] + NameEnds[(int)Take(ref n, NameEnds.Length)]));
        var extra = n == 0 ? "" : " " + NameParts[(int)(n % NameParts.Length)] + NameEnds[(int)(n / NameParts.Length % NameEnds.Length)] + (n / 144 == 0 ? "" : (n / 144).ToString(CultureInfo.InvariantCulture));
        return new SyntheticBusiness($"{name}{extra} {words}", Address(number * 31 + 7), trade);
    }

    /// <summary>A person: nationality, names and date of birth all follow from the number.</summary>
    public static SyntheticPerson Person(long number, DateOnly onDay)
    {
        var random = new ScenarioRandom((ulong)number * 0x9E3779B97F4A7C15UL + 0x1234567UL);
        var nationality = Nationalities[(int)(number % Nationalities.Length)];
        return SyntheticPeople.Make(random, nationality, male: number % 3 != 0, minAge: 16, maxAge: 55, onDay, withAlias: number % 11 == 0);
    }

    /// <summary>An identity as a user would type it in a search: the phone number, registration mark, address, business or person name.</summary>
    public static string Typical(string kind, long number, DateOnly identitiesOn) => kind switch
    {
        "phone" => Phone(number).ToString(),
        "vehicle" => Vehicle(number).ToString(),
        "address" => Address(number).ToString(),
        "business" => Business(number).Name,
        "person" => Person(number, identitiesOn).Plain,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of identity in a data set."),
    };

    /// <summary>The next digit of a number in a mixed radix, and the rest of the number.</summary>
    private static long Take(ref long number, int radix)
    {
        var digit = number % radix;
        number /= radix;
        return digit;
    }
}
