using System.Globalization;
using IntelHub.Demo.Geography;

namespace IntelHub.Demo.Synthesis;

/// <summary>
/// A made-up telephone number from Ofcom's ranges kept for drama (never allocated to anyone):
/// mobile 07700 900000 to 07700 900999 and Cardiff 029 2018 0000 to 029 2018 0999.
/// </summary>
internal sealed record SyntheticPhone(string Dialled)
{
    public bool IsMobile => Dialled.StartsWith("07", StringComparison.Ordinal);

    /// <summary>As people write it: with and without spaces, +44, 0044, hyphens.</summary>
    public string Typed(ScenarioRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var national = Dialled[1..];
        if (IsMobile)
        {
            // 07700 900123
            var (prefix, rest) = (Dialled[..5], Dialled[5..]);
            return random.Next(6) switch
            {
                0 => $"{prefix} {rest}",
                1 => $"+44 {national[..4]} {rest}",
                2 => Dialled,
                3 => $"+44{national}",
                4 => $"0044 {national[..4]} {rest}",
                _ => $"{prefix}-{rest[..3]}-{rest[3..]}",
            };
        }

        // 029 2018 0123
        var (area, local1, local2) = (Dialled[..3], Dialled[3..7], Dialled[7..]);
        return random.Next(4) switch
        {
            0 => $"{area} {local1} {local2}",
            1 => $"({area}) {local1} {local2}",
            2 => $"+44 {area[1..]} {local1} {local2}",
            _ => Dialled,
        };
    }

    public override string ToString() => IsMobile ? $"{Dialled[..5]} {Dialled[5..]}" : $"{Dialled[..3]} {Dialled[3..7]} {Dialled[7..]}";
}

/// <summary>A made-up vehicle with a registration in the current DVLA format (AB12 CDE).</summary>
internal sealed record SyntheticVehicle(string Mark, string Make, string Model, string Colour)
{
    public string Description => $"{Colour} {Make} {Model}";

    /// <summary>As officers and partners write it: spaced or not, upper or lower case, hyphenated.</summary>
    public string Typed(ScenarioRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (front, back) = (Mark[..4], Mark[4..]);
        return random.Next(5) switch
        {
            0 => $"{front} {back}",
            1 => Mark.ToLowerInvariant(),
            2 => Mark,
            3 => $"{front} {back}".ToLowerInvariant(),
            _ => $"{front[..2]}-{front[2..]}-{back}",
        };
    }

    public override string ToString() => $"{Mark[..4]} {Mark[4..]}";
}

/// <summary>A made-up address in a real town: real postcode district, made-up street, sector and unit.</summary>
internal sealed record SyntheticAddress(string? Flat, int Number, string StreetStem, string StreetKind, Town Town, string Outward, string Inward)
{
    public string Postcode => $"{Outward} {Inward}";

    public string Street => $"{StreetStem} {StreetKind}";

    public string Line => Flat is null ? $"{Number} {Street}" : $"{Flat}, {Number} {Street}";

    public override string ToString() => $"{Line}, {Town.Name} {Postcode}";

    /// <summary>The address lines, town and postcode as one writer or another records them.</summary>
    public (IReadOnlyList<string> Lines, string Town, string Postcode) Typed(ScenarioRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var street = random.Chance(0.4) ? $"{StreetStem} {Abbreviations[StreetKind]}" : Street;
        var upper = random.Chance(0.25);
        var lines = new List<string>();
        if (Flat is not null && random.Chance(0.5))
        {
            lines.Add(Flat);
            lines.Add($"{Number} {street}");
        }
        else
        {
            lines.Add(Flat is null ? $"{Number} {street}" : $"{Flat} {Number} {street}");
        }

        var postcode = random.Next(4) switch
        {
            0 => Postcode,
            1 => Postcode.ToLowerInvariant(),
            2 => Outward + Inward,
            _ => (Outward + Inward).ToLowerInvariant(),
        };
        return upper
            ? (lines.Select(l => l.ToUpperInvariant()).ToList(), Town.Name.ToUpperInvariant(), postcode)
            : (lines, Town.Name, postcode);
    }

    public static readonly IReadOnlyDictionary<string, string> Abbreviations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Road"] = "Rd", ["Street"] = "St", ["Terrace"] = "Tce", ["Close"] = "Cl", ["Court"] = "Ct", ["Avenue"] = "Ave", ["Lane"] = "Ln",
    };
}

/// <summary>A made-up business at a made-up address.</summary>
internal sealed record SyntheticBusiness(string Name, SyntheticAddress Premises, string Trade)
{
    /// <summary>As recorded: with or without "Ltd", in capitals, with a leading "The".</summary>
    public string Typed(ScenarioRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(4) switch
        {
            0 => $"{Name} Ltd",
            1 => Name.ToUpperInvariant(),
            2 => $"The {Name}",
            _ => Name,
        };
    }

    public override string ToString() => Name;
}

/// <summary>
/// Hands out phone numbers, registrations, addresses and business names, each unique in the scenario,
/// so that two reports share one only when the story says they do.
/// </summary>
internal sealed class SyntheticIdentities
{
    internal static readonly string[] StreetStarts = ["Carn", "Tre", "Hafod", "Glan", "Pen", "Bryn", "Llwyn", "Maes", "Ffyn", "Tal", "Cefn", "Rhyd"];
    internal static readonly string[] StreetEnds = ["wen", "garth", "las", "rhos", "deg", "helyg", "onnen", "celyn", "fach", "isaf", "gwyn", "meurig"];
    internal static readonly string[] StreetKinds = ["Road", "Street", "Terrace", "Close", "Court", "Avenue", "Lane"];
    internal static readonly string[] NameStarts = ["Spar", "Glo", "Crys", "Vel", "Ster", "Lu", "Bri", "Orl", "Sil", "Tar", "Zen", "Cor"];
    internal static readonly string[] NameEnds = ["kla", "wen", "tallo", "vere", "lina", "mora", "dell", "anta", "verra", "ix", "ona", "rin"];

    // Letters DVLA uses: no I or Q anywhere, no Z in the memory tag.
    internal const string TagLetters = "ABCDEFGHJKLMNOPRSTUVWXY";
    internal const string RandomLetters = "ABCDEFGHJKLMNOPRSTUVWXYZ";

    // Letters Royal Mail uses in the inward code.
    internal const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    private readonly ScenarioRandom _random;
    private readonly Queue<string> _mobiles;
    private readonly Queue<string> _landlines;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public SyntheticIdentities(ScenarioRandom random)
    {
        _random = random;
        _mobiles = new Queue<string>(random.Shuffle(Enumerable.Range(0, 1000)).Select(n => "07700900" + n.ToString("D3", CultureInfo.InvariantCulture)));
        _landlines = new Queue<string>(random.Shuffle(Enumerable.Range(0, 1000)).Select(n => "02920180" + n.ToString("D3", CultureInfo.InvariantCulture)));
    }

    /// <summary>The next unused drama mobile number; null once all thousand are used.</summary>
    public SyntheticPhone? Mobile() => _mobiles.TryDequeue(out var n) ? new SyntheticPhone(n) : null;

    /// <summary>The next unused Cardiff drama landline number; null once all thousand are used.</summary>
    public SyntheticPhone? Landline() => _landlines.TryDequeue(out var n) ? new SyntheticPhone(n) : null;

    /// <summary>A mobile, or a landline once the mobiles have run out.</summary>
    public SyntheticPhone? AnyPhone() => Mobile() ?? Landline();

    public SyntheticVehicle Vehicle(string make, string model, string colour, char region = 'C')
    {
        while (true)
        {
            var year = _random.Between(10, 23) + (_random.Chance(0.5) ? 50 : 0);
            var mark = string.Concat(
                region.ToString(),
                TagLetters[_random.Next(TagLetters.Length)].ToString(),
                year.ToString("D2", CultureInfo.InvariantCulture),
                RandomLetters[_random.Next(RandomLetters.Length)].ToString(),
                RandomLetters[_random.Next(RandomLetters.Length)].ToString(),
                RandomLetters[_random.Next(RandomLetters.Length)].ToString());
            if (_used.Add("vehicle:" + mark))
            {
                return new SyntheticVehicle(mark, make, model, colour);
            }
        }
    }

    public SyntheticAddress Address(Town town, bool flat = false)
    {
        while (true)
        {
            var outward = _random.Pick(town.PostcodeDistricts);
            var inward = string.Concat(
                _random.Between(1, 9).ToString(CultureInfo.InvariantCulture),
                InwardLetters[_random.Next(InwardLetters.Length)].ToString(),
                InwardLetters[_random.Next(InwardLetters.Length)].ToString());
            var address = new SyntheticAddress(
                flat ? $"Flat {_random.Between(1, 12)}" : null,
                _random.Between(1, 140),
                _random.Pick(StreetStarts) + _random.Pick(StreetEnds),
                _random.Pick(StreetKinds),
                town,
                outward,
                inward);
            if (_used.Add("address:" + address.Street + address.Number) && _used.Add("postcode:" + address.Postcode))
            {
                return address;
            }
        }
    }

    /// <summary>A business with a made-up name and trade words, e.g. "Velora Hand Car Wash".</summary>
    public SyntheticBusiness Business(string tradeWords, string trade, Town town)
    {
        while (true)
        {
            var name = $"{_random.Pick(NameStarts)}{_random.Pick(NameEnds)} {tradeWords}";
            if (_used.Add("business:" + name))
            {
                return new SyntheticBusiness(name, Address(town), trade);
            }
        }
    }

    /// <summary>An agency's own reference or a source reference, e.g. "GW/INT/24/0413".</summary>
    public string Reference(string prefix, DateOnly day) =>
        $"{prefix}/{day.Year % 100:D2}/{_random.Between(100, 9999):D4}";
}
