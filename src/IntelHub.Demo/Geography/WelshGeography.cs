namespace IntelHub.Demo.Geography;

/// <summary>The four Welsh police forces.</summary>
internal enum WelshForce
{
    NorthWales = 1,
    Gwent = 2,
    SouthWales = 3,
    DyfedPowys = 4,
}

/// <summary>A Welsh local authority with its ONS GSS code and the police force area it lies in.</summary>
internal sealed record LocalAuthority(string GssCode, string Name, WelshForce Force);

/// <summary>
/// A town the scenario places events in: real, with real postcode districts (outward codes); the
/// sector and unit of every generated postcode, and every street, are made up.
/// </summary>
internal sealed record Town(string Name, LocalAuthority Authority, IReadOnlyList<string> PostcodeDistricts);

/// <summary>
/// Welsh geography as ONS codes it: the 22 principal councils (W06, numbered 1 to 24 with 7 and 17
/// unused since the 1996 reorganisation) and the four police force areas (W15).
/// </summary>
internal static class WelshGeography
{
    public static readonly LocalAuthority Anglesey = new("W06000001", "Isle of Anglesey", WelshForce.NorthWales);
    public static readonly LocalAuthority Gwynedd = new("W06000002", "Gwynedd", WelshForce.NorthWales);
    public static readonly LocalAuthority Conwy = new("W06000003", "Conwy", WelshForce.NorthWales);
    public static readonly LocalAuthority Denbighshire = new("W06000004", "Denbighshire", WelshForce.NorthWales);
    public static readonly LocalAuthority Flintshire = new("W06000005", "Flintshire", WelshForce.NorthWales);
    public static readonly LocalAuthority Wrexham = new("W06000006", "Wrexham", WelshForce.NorthWales);
    public static readonly LocalAuthority Ceredigion = new("W06000008", "Ceredigion", WelshForce.DyfedPowys);
    public static readonly LocalAuthority Pembrokeshire = new("W06000009", "Pembrokeshire", WelshForce.DyfedPowys);
    public static readonly LocalAuthority Carmarthenshire = new("W06000010", "Carmarthenshire", WelshForce.DyfedPowys);
    public static readonly LocalAuthority Swansea = new("W06000011", "Swansea", WelshForce.SouthWales);
    public static readonly LocalAuthority NeathPortTalbot = new("W06000012", "Neath Port Talbot", WelshForce.SouthWales);
    public static readonly LocalAuthority Bridgend = new("W06000013", "Bridgend", WelshForce.SouthWales);
    public static readonly LocalAuthority ValeOfGlamorgan = new("W06000014", "Vale of Glamorgan", WelshForce.SouthWales);
    public static readonly LocalAuthority Cardiff = new("W06000015", "Cardiff", WelshForce.SouthWales);
    public static readonly LocalAuthority RhonddaCynonTaf = new("W06000016", "Rhondda Cynon Taf", WelshForce.SouthWales);
    public static readonly LocalAuthority Caerphilly = new("W06000018", "Caerphilly", WelshForce.Gwent);
    public static readonly LocalAuthority BlaenauGwent = new("W06000019", "Blaenau Gwent", WelshForce.Gwent);
    public static readonly LocalAuthority Torfaen = new("W06000020", "Torfaen", WelshForce.Gwent);
    public static readonly LocalAuthority Monmouthshire = new("W06000021", "Monmouthshire", WelshForce.Gwent);
    public static readonly LocalAuthority Newport = new("W06000022", "Newport", WelshForce.Gwent);
    public static readonly LocalAuthority Powys = new("W06000023", "Powys", WelshForce.DyfedPowys);
    public static readonly LocalAuthority MerthyrTydfil = new("W06000024", "Merthyr Tydfil", WelshForce.SouthWales);

    public static IReadOnlyList<LocalAuthority> LocalAuthorities { get; } =
    [
        Anglesey, Gwynedd, Conwy, Denbighshire, Flintshire, Wrexham, Ceredigion, Pembrokeshire, Carmarthenshire,
        Swansea, NeathPortTalbot, Bridgend, ValeOfGlamorgan, Cardiff, RhonddaCynonTaf, Caerphilly, BlaenauGwent,
        Torfaen, Monmouthshire, Newport, Powys, MerthyrTydfil,
    ];

    /// <summary>The police force area's GSS code (W15).</summary>
    public static string ForceAreaCode(WelshForce force) => force switch
    {
        WelshForce.NorthWales => "W15000001",
        WelshForce.Gwent => "W15000002",
        WelshForce.SouthWales => "W15000003",
        WelshForce.DyfedPowys => "W15000004",
        _ => throw new ArgumentOutOfRangeException(nameof(force), force, "Not a Welsh police force."),
    };

    public static string ForceName(WelshForce force) => force switch
    {
        WelshForce.NorthWales => "North Wales",
        WelshForce.Gwent => "Gwent",
        WelshForce.SouthWales => "South Wales",
        WelshForce.DyfedPowys => "Dyfed-Powys",
        _ => throw new ArgumentOutOfRangeException(nameof(force), force, "Not a Welsh police force."),
    };

    /// <summary>The name of the area a GSS code names, for summaries; the code itself when unknown.</summary>
    public static string AreaName(string gssCode)
    {
        foreach (var force in Enum.GetValues<WelshForce>())
        {
            if (ForceAreaCode(force) == gssCode)
            {
                return ForceName(force);
            }
        }

        return LocalAuthorities.FirstOrDefault(a => a.GssCode == gssCode)?.Name ?? gssCode;
    }

    public static readonly Town NewportTown = new("Newport", Newport, ["NP19", "NP20"]);
    public static readonly Town Cwmbran = new("Cwmbran", Torfaen, ["NP44"]);
    public static readonly Town Pontypool = new("Pontypool", Torfaen, ["NP4"]);
    public static readonly Town EbbwVale = new("Ebbw Vale", BlaenauGwent, ["NP23"]);
    public static readonly Town Abergavenny = new("Abergavenny", Monmouthshire, ["NP7"]);
    public static readonly Town CaerphillyTown = new("Caerphilly", Caerphilly, ["CF83"]);
    public static readonly Town CardiffCity = new("Cardiff", Cardiff, ["CF10", "CF11", "CF24", "CF5", "CF14"]);
    public static readonly Town Barry = new("Barry", ValeOfGlamorgan, ["CF62", "CF63"]);
    public static readonly Town BridgendTown = new("Bridgend", Bridgend, ["CF31"]);
    public static readonly Town Pontypridd = new("Pontypridd", RhonddaCynonTaf, ["CF37"]);
    public static readonly Town MerthyrTown = new("Merthyr Tydfil", MerthyrTydfil, ["CF47"]);
    public static readonly Town SwanseaCity = new("Swansea", Swansea, ["SA1", "SA6"]);
    public static readonly Town Neath = new("Neath", NeathPortTalbot, ["SA11"]);
    public static readonly Town PortTalbot = new("Port Talbot", NeathPortTalbot, ["SA13"]);
    public static readonly Town Llanelli = new("Llanelli", Carmarthenshire, ["SA15"]);
    public static readonly Town Carmarthen = new("Carmarthen", Carmarthenshire, ["SA31"]);
    public static readonly Town Haverfordwest = new("Haverfordwest", Pembrokeshire, ["SA61"]);
    public static readonly Town Aberystwyth = new("Aberystwyth", Ceredigion, ["SY23"]);
    public static readonly Town Newtown = new("Newtown", Powys, ["SY16"]);
    public static readonly Town Welshpool = new("Welshpool", Powys, ["SY21"]);
    public static readonly Town WrexhamTown = new("Wrexham", Wrexham, ["LL11", "LL13"]);
    public static readonly Town Rhyl = new("Rhyl", Denbighshire, ["LL18"]);
    public static readonly Town ColwynBay = new("Colwyn Bay", Conwy, ["LL29"]);
    public static readonly Town Bangor = new("Bangor", Gwynedd, ["LL57"]);
    public static readonly Town Holyhead = new("Holyhead", Anglesey, ["LL65"]);
    public static readonly Town Llangefni = new("Llangefni", Anglesey, ["LL77"]);
    public static readonly Town Deeside = new("Deeside", Flintshire, ["CH5"]);

    public static IReadOnlyList<Town> Towns { get; } =
    [
        NewportTown, Cwmbran, Pontypool, EbbwVale, Abergavenny, CaerphillyTown, CardiffCity, Barry, BridgendTown,
        Pontypridd, MerthyrTown, SwanseaCity, Neath, PortTalbot, Llanelli, Carmarthen, Haverfordwest, Aberystwyth,
        Newtown, Welshpool, WrexhamTown, Rhyl, ColwynBay, Bangor, Holyhead, Llangefni, Deeside,
    ];
}
