using IntelHub.Contracts.V1;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.DataSet;

/// <summary>
/// A data-set report's mentions and wording: each identity number becomes the synthetic identity it stands for, named
/// through the <see cref="ReportBuilder"/> so the text and the entities agree, spelled as this writer types it.
/// </summary>
internal sealed class ReportText(ReportBuilder report, ScenarioRandom random, DateOnly identitiesOn)
{
    public string Person(long number, EntityRole role) =>
        report.Person(SyntheticIdentityNumbers.Person(number, identitiesOn), role, dateOfBirthKnown: random.Chance(0.6));

    public string Phone(long number) => report.Phone(SyntheticIdentityNumbers.Phone(number), EntityRole.Suspect);

    public string Address(long number) =>
        report.Address(SyntheticIdentityNumbers.Address(number), EntityRole.Associated, "address of interest");

    public string Vehicle(long number) => report.Vehicle(SyntheticIdentityNumbers.Vehicle(number), EntityRole.Suspect);

    public string Business(long number) => report.Business(SyntheticIdentityNumbers.Business(number), EntityRole.Associated);

    public static string Body(
        ExploitationType type, bool minor, string victim, string suspect, string? phone, string? address, string? vehicle, string? business, string town)
    {
        var opening = (type, minor) switch
        {
            (ExploitationType.Sexual, true) => $"Concern that {victim}, a child, is being sexually exploited in {town} by {suspect}.",
            (ExploitationType.Sexual, false) => $"{victim} is believed to be controlled for sex work in {town} by {suspect}.",
            (ExploitationType.Labour, _) => $"{victim} works long hours for little or no pay in {town}; {suspect} holds the wages and documents.",
            (ExploitationType.Criminal, true) => $"{victim}, a child, is believed to be running drugs in {town} for {suspect}.",
            (ExploitationType.Criminal, false) => $"{victim} is being made to shoplift and beg in {town}; {suspect} collects the money.",
            (ExploitationType.DomesticServitude, _) => $"{victim} lives in and works in the household of {suspect} in {town}, and is rarely seen outside.",
            _ => $"Rumour that {suspect} arranges travel abroad for operations; {victim} was approached in {town}.",
        };
        var details = new[]
        {
            phone is null ? null : $"Contact is made on {phone}.",
            address is null ? null : $"Linked to {address}.",
            vehicle is null ? null : $"Seen in a {vehicle}.",
            business is null ? null : $"Connected with {business}.",
        };
        return string.Join(" ", details.Where(d => d is not null).Prepend(opening));
    }

    public static string Sanitised(ExploitationType type, bool minor, string town) =>
        $"A report of possible {Words(type)}{(minor ? " of a child" : "")} in the {town} area. Contact the originator for details.";

    private static string Words(ExploitationType type) => type switch
    {
        ExploitationType.Sexual => "sexual exploitation",
        ExploitationType.Labour => "labour exploitation",
        ExploitationType.Criminal => "criminal exploitation",
        ExploitationType.DomesticServitude => "domestic servitude",
        _ => "organ harvesting",
    };
}
