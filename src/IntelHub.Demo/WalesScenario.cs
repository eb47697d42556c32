using System.Globalization;
using IntelHub.Demo.Networks;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo;

/// <summary>
/// The Wales demo scenario: a synthetic but realistic year of information and intelligence about
/// human trafficking from all four forces, the RIU, councils, health boards, NGOs and national
/// agencies, built around networks whose phones, vehicles, addresses, businesses and people turn up
/// in reports from several forces, typed differently each time. No real person's data: names are
/// built from syllables, phone numbers come from Ofcom's drama ranges, streets and businesses are
/// made up, postcodes are real districts with made-up units.
/// </summary>
public static class WalesScenario
{
    /// <summary>
    /// The scenario's submissions in the order of <see cref="ScenarioSubmission.SubmittedAt"/>.
    /// The same roster and options always give byte-identical requests; idempotency keys are derived
    /// from the seed, a fingerprint of the options and roster, and the submission's position.
    /// </summary>
    public static IReadOnlyList<ScenarioSubmission> Generate(ScenarioRoster roster, ScenarioOptions options)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(options);
        var identities = new SyntheticIdentities(ScenarioRandom.For(options.Seed, "identities"));
        var networks = ScenarioNetworks.Create(options.Seed, identities, options.Start);

        var plan = Plan(networks, options);
        var clock = ScenarioRandom.For(options.Seed, "clock");
        var timed = plan
            .Select(episode => (Episode: episode, At: PlaceInPeriod(episode, options, clock)))
            .Select(p => (p.At, Draft: p.Episode.Write(DateOnly.FromDateTime(p.At.UtcDateTime))))
            .OrderBy(p => p.At)
            .ToList();

        var assembly = new RequestAssembly(roster, identities, ScenarioRandom.For(options.Seed, "assembly"));
        var fingerprint = Fingerprint(roster, options);
        return timed
            .Select((p, index) => assembly.Assemble(p.Draft, p.At, RequestAssembly.IdempotencyKey(options.Seed, fingerprint, index + 1)))
            .ToList();
    }

    /// <summary>The networks of the scenario a seed gives, for describing it (names and descriptions).</summary>
    public static IReadOnlyList<(string Name, string Description)> Networks(int seed = 2024)
    {
        var identities = new SyntheticIdentities(ScenarioRandom.For(seed, "identities"));
        return ScenarioNetworks.Create(seed, identities, ScenarioOptions.Default.Start)
            .Select(n => (n.Name, n.Description))
            .ToList();
    }

    /// <summary>
    /// Every episode once, so that every network, agency kind and theme appears, then more of the
    /// repeatable ones, weighted by network, up to the requested number.
    /// </summary>
    private static List<Episode> Plan(IReadOnlyList<Network> networks, ScenarioOptions options)
    {
        var plan = networks.SelectMany(n => n.Episodes).ToList();
        if (plan.Count > options.Submissions)
        {
            throw new InvalidOperationException(
                $"The scenario has {plan.Count} distinct episodes but only {options.Submissions} submissions were asked for: ask for at least {plan.Count}.");
        }

        var pick = ScenarioRandom.For(options.Seed, "plan");
        var weighted = networks
            .Where(n => n.Episodes.Any(e => e.Repeatable))
            .Select(n => (Item: n, n.Weight))
            .ToArray();
        while (plan.Count < options.Submissions)
        {
            var network = pick.Weighted(weighted);
            plan.Add(pick.Pick(network.Episodes.Where(e => e.Repeatable).ToList()));
        }

        return plan;
    }

    /// <summary>A moment in the episode's part of the period, in office hours (UTC).</summary>
    private static DateTimeOffset PlaceInPeriod(Episode episode, ScenarioOptions options, ScenarioRandom clock)
    {
        var days = (options.PeriodEnd - options.PeriodStart).TotalDays;
        var fraction = episode.From + (clock.NextDouble() * (episode.To - episode.From));
        var day = options.PeriodStart.AddDays(Math.Min(Math.Floor(fraction * days), days - 1));
        return day.AddHours(clock.Between(8, 18)).AddMinutes(clock.Between(0, 59)).AddSeconds(clock.Between(0, 59));
    }

    /// <summary>
    /// A short, stable digest of everything that shapes the requests, so that keys from one scenario are
    /// never reused for a different one (the hub rejects a reused key with a different body).
    /// </summary>
    private static string Fingerprint(ScenarioRoster roster, ScenarioOptions options)
    {
        var text = string.Join(
            "|",
            new[] { options.Seed.ToString(CultureInfo.InvariantCulture), options.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), options.Months.ToString(CultureInfo.InvariantCulture), options.Submissions.ToString(CultureInfo.InvariantCulture) }
                .Concat(roster.AllAgencyIds)
                .Concat(roster.Councils.Select(c => c.GssCode))
                .Concat(roster.HealthBoards.SelectMany(h => h.GssCodes))
                .Concat(roster.Ngos.Select(n => n.Focus.ToString())));
        return (ScenarioRandom.StableHash(text) & 0xFFFFFFFFUL).ToString("x8", CultureInfo.InvariantCulture);
    }
}
