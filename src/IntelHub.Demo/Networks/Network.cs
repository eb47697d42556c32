using IntelHub.Demo.Geography;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.Networks;

/// <summary>
/// One report a network gives rise to, placed in a part of the scenario period (0 = its start, 1 = its
/// end): partners notice first, forces build intelligence, the RIU links it up last. A repeatable
/// episode may happen again with new victims and new typings of the same network's identifiers.
/// </summary>
internal sealed record Episode(string Name, double From, double To, bool Repeatable, Func<DateOnly, ReportDraft> Write);

/// <summary>
/// A set of people, phones, vehicles, places and businesses that turn up in reports from more than
/// one force and partner: what a problem profile is meant to find. Its cast is made once, from its
/// own random stream, so adding a network does not change the others.
/// </summary>
internal abstract class Network(string name, string description, ScenarioRandom random, SyntheticIdentities identities)
{
    public string Name { get; } = name;

    /// <summary>One paragraph for the scenario's description.</summary>
    public string Description { get; } = description;

    /// <summary>How often, relative to the other networks, it adds reports beyond its first of each episode.</summary>
    public virtual double Weight => 1.0;

    public abstract IReadOnlyList<Episode> Episodes { get; }

    protected ScenarioRandom Random { get; } = random;

    protected SyntheticIdentities Identities { get; } = identities;

    protected ReportBuilder Report(Submitter submitter, DateOnly day, Town place) => new(Random, submitter, day, place);

    protected static Episode Early(string name, Func<DateOnly, ReportDraft> write, bool repeatable = true) => new(name, 0.0, 0.5, repeatable, write);

    protected static Episode Middle(string name, Func<DateOnly, ReportDraft> write, bool repeatable = true) => new(name, 0.25, 0.8, repeatable, write);

    protected static Episode Late(string name, Func<DateOnly, ReportDraft> write, bool repeatable = true) => new(name, 0.6, 1.0, repeatable, write);

    protected static Episode Anytime(string name, Func<DateOnly, ReportDraft> write, bool repeatable = true) => new(name, 0.0, 1.0, repeatable, write);

    /// <summary>A fresh phone, or one of the given ones once Ofcom's drama ranges are used up.</summary>
    protected SyntheticPhone FreshPhone(SyntheticPhone fallback) => Identities.AnyPhone() ?? fallback;

    protected string Pick(params string[] choices) => Random.Pick(choices);

    /// <summary>"he" to "He", for a pronoun that starts a sentence.</summary>
    protected static string Capital(string word) => string.IsNullOrEmpty(word) ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
