namespace IntelHub.Demo.Synthesis;

/// <summary>
/// A nationality seen in UK modern-slavery referrals, with syllables that names of that language are
/// built from. Names are assembled from syllables at random, so any resemblance to a real person is
/// chance: no name is taken from a list of people.
/// </summary>
internal sealed record Nationality(
    string IsoCode,
    string Adjective,
    IReadOnlyList<string> GivenStarts,
    IReadOnlyList<string> GivenEnds,
    IReadOnlyList<string> FamilyStarts,
    IReadOnlyList<string> FamilyEnds)
{
    public static readonly Nationality Albanian = new(
        "AL", "Albanian",
        ["Ar", "Dri", "Gen", "Il", "Kle", "Bes", "Fat", "Lul", "Ed", "Mar"], ["ben", "tan", "zim", "ir", "mend", "sim", "jon", "vin"],
        ["Ko", "Ha", "Me", "Do", "Ba", "Ze", "Ru"], ["xhaj", "lla", "nika", "kaj", "shi", "meti", "rani"]);

    public static readonly Nationality Vietnamese = new(
        "VN", "Vietnamese",
        ["Van ", "Duc ", "Minh ", "Thi ", "Quoc "], ["Phuc", "Hieu", "Tuan", "Khoa", "Long", "Binh", "Lan", "Hoa"],
        ["Dao", "Lam", "Quach", "Ton", "Kha", "Luu", "Vi"], [string.Empty]);

    public static readonly Nationality Romanian = new(
        "RO", "Romanian",
        ["Flo", "Sor", "Mar", "Cos", "Va", "Io", "Da", "Mi"], ["rin", "in", "ian", "tel", "sile", "nel", "rel"],
        ["Dobr", "Stoi", "Mir", "Crai", "Bal", "Pop", "Tan"], ["escu", "eanu", "aru", "oiu", "escu"]);

    public static readonly Nationality Eritrean = new(
        "ER", "Eritrean",
        ["Yo", "Te", "Se", "Me", "A", "Ha", "Ki"], ["nas", "klit", "gen", "rhawi", "wet", "ben", "dane"],
        ["Tes", "Ghe", "Hab", "Wel", "Ber", "Mes"], ["fay", "brai", "temariam", "dehaimanot", "het", "ghina"]);

    public static readonly Nationality Sudanese = new(
        "SD", "Sudanese",
        ["Mo", "Ab", "Os", "Ha", "Ya", "Ib", "Ta"], ["dalla", "man", "sin", "mid", "sir", "rahim", "hir"],
        ["El ", "Al ", "Abu "], ["Tayeb", "Nour", "Fadul", "Haroun", "Siddig", "Bakheit"]);

    public static readonly Nationality Chinese = new(
        "CN", "Chinese",
        ["Mei", "Xiu", "Jun", "Yan", "Li", "Hui", "Ting"], ["hua", "ying", "fang", "jie", "na", "lan", string.Empty],
        ["Qin", "Lu", "Gao", "Tang", "Shen", "Fu"], [string.Empty]);

    public static readonly Nationality Polish = new(
        "PL", "Polish",
        ["Krzy", "Tom", "Mar", "Bar", "Pio", "Ja", "Grze"], ["sztof", "asz", "cin", "tosz", "trek", "rek", "gorz"],
        ["Kowal", "Zaw", "Lesz", "Brzo", "Wis", "Dom"], ["ski", "czyk", "ewicz", "owski", "iak"]);

    public static readonly Nationality Nigerian = new(
        "NG", "Nigerian",
        ["Ade", "Chi", "Olu", "Ngo", "Fun", "Ife", "Ebe"], ["bola", "nedu", "wale", "zi", "mi", "oma", "ke"],
        ["Oka", "Ade", "Eze", "Obi", "Ola", "Nwa"], ["for", "yemi", "gbu", "nna", "wale", "chukwu"]);

    public static readonly Nationality British = new(
        "GB", "British",
        ["Ky", "Jor", "Con", "Lia", "Ty", "Cal", "Ri", "Ash", "Jay"], ["le", "dan", "nor", "ler", "lum", "ley", "den", "ton"],
        ["Brack", "Thorn", "Hal", "Pen", "Cross", "Ald", "Wy", "Marl"], ["well", "ley", "stead", "by", "wood", "ridge", "ton"]);

    public override string ToString() => Adjective;
}

/// <summary>A made-up person of the scenario.</summary>
internal sealed record SyntheticPerson(string GivenName, string FamilyName, Nationality Nationality, DateOnly DateOfBirth, bool Male, string? Alias)
{
    /// <summary>As a police system records it: given name, family name in capitals.</summary>
    public string Recorded => $"{GivenName} {FamilyName.ToUpperInvariant()}";

    public string Plain => $"{GivenName} {FamilyName}";

    public int AgeOn(DateOnly day) =>
        day.Year - DateOfBirth.Year - (day.DayOfYear < DateOfBirth.DayOfYear ? 1 : 0);

    public string They => Male ? "he" : "she";

    public string Their => Male ? "his" : "her";

    public string Them => Male ? "him" : "her";
}

/// <summary>Makes people for the scenario from syllables.</summary>
internal static class SyntheticPeople
{
    public static SyntheticPerson Make(ScenarioRandom random, Nationality nationality, bool male, int minAge, int maxAge, DateOnly onDay, bool withAlias = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(nationality);
        var given = random.Pick(nationality.GivenStarts) + random.Pick(nationality.GivenEnds);
        var family = random.Pick(nationality.FamilyStarts) + random.Pick(nationality.FamilyEnds);
        var age = random.Between(minAge, maxAge);
        var born = onDay.AddYears(-age).AddDays(-random.Between(1, 360));
        var alias = withAlias ? random.Pick(Aliases) : null;
        return new SyntheticPerson(given.Trim(), family.Trim(), nationality, born, male, alias);
    }

    /// <summary>Street names a controller might go by; none belongs to anyone.</summary>
    private static readonly string[] Aliases = ["BOSS", "UNCLE", "BIG MAN", "TALL ONE", "SKINNY", "KING", "DOCTOR", "BROTHER", "SHADOW", "PAPA"];
}
