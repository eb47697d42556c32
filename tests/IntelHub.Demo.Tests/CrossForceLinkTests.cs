using IntelHub.Contracts.V1;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Summary;
using IntelHub.Domain.Entities;
using DomainEntity = IntelHub.Domain.Entities.Entity;
using ProtoEntity = IntelHub.Contracts.V1.Entity;

namespace IntelHub.Demo.Tests;

/// <summary>The heart of a problem profile: the same identifiers in reports from different forces, typed differently.</summary>
public sealed class CrossForceLinkTests
{
    private const int MinimumSharedIdentifiers = 8;

    private sealed record SharedIdentifier(EntityKind Kind, string MatchKey, HashSet<string> Forces, HashSet<string> Typings);

    /// <summary>Groups mentions by the Domain's match key, computed here from the raw requests, not by the generator.</summary>
    private static List<SharedIdentifier> SharedByForces(IReadOnlyList<ScenarioSubmission> scenario)
    {
        var forces = new[] { ScenarioRoster.Wales.Forces.Gwent, ScenarioRoster.Wales.Forces.SouthWales, ScenarioRoster.Wales.Forces.DyfedPowys, ScenarioRoster.Wales.Forces.NorthWales }
            .ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<(EntityKind, string), SharedIdentifier>();
        foreach (var submission in scenario)
        {
            foreach (var entity in submission.Subject.Entities)
            {
                var (kind, typed) = Typed(entity);
                var matched = DomainEntity.Create(kind, typed);
                if (!found.TryGetValue((kind, matched.MatchKey), out var shared))
                {
                    shared = new SharedIdentifier(kind, matched.MatchKey, new(StringComparer.Ordinal), new(StringComparer.Ordinal));
                    found[(kind, matched.MatchKey)] = shared;
                }

                shared.Typings.Add(typed);
                if (forces.Contains(submission.SubmittingAgencyId))
                {
                    shared.Forces.Add(submission.SubmittingAgencyId);
                }
            }
        }

        return found.Values.Where(s => s.Forces.Count >= 2 && s.Typings.Count >= 2).ToList();
    }

    private static (EntityKind Kind, string Typed) Typed(ProtoEntity entity) => entity.KindCase switch
    {
        ProtoEntity.KindOneofCase.PhoneNumber => (EntityKind.PhoneNumber, entity.PhoneNumber.Number),
        ProtoEntity.KindOneofCase.Vehicle => (EntityKind.Vehicle, entity.Vehicle.RegistrationMark),
        ProtoEntity.KindOneofCase.Person => (EntityKind.Person, entity.Person.FullName),
        ProtoEntity.KindOneofCase.Business => (EntityKind.Business, entity.Business.Name),
        ProtoEntity.KindOneofCase.Location => (EntityKind.Location, string.Join(", ", entity.Location.AddressLines.Append(entity.Location.Town).Append(entity.Location.Postcode))),
        _ => (EntityKind.Organisation, entity.Organisation.Name),
    };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Identifiers_are_shared_by_two_or_more_forces_in_different_typings(int seedIndex)
    {
        // Given a scenario
        var scenario = Scenarios.BySeed[seedIndex];

        // When its entities are matched the way the hub matches them
        var shared = SharedByForces(scenario);

        // Then enough identifiers of each linking kind appear in two forces' reports, typed in two ways or more
        Assert.True(shared.Count >= MinimumSharedIdentifiers, $"only {shared.Count} identifiers are shared across forces");
        Assert.All(
            new[] { EntityKind.PhoneNumber, EntityKind.Vehicle, EntityKind.Location, EntityKind.Business, EntityKind.Person },
            kind => Assert.Contains(shared, s => s.Kind == kind));
    }

    [Fact]
    public void Phone_typings_differ_in_the_ways_people_write_numbers()
    {
        var shared = SharedByForces(Scenarios.Default).Where(s => s.Kind == EntityKind.PhoneNumber).ToList();

        Assert.Contains(shared, s => s.Typings.Any(t => t.StartsWith("+44", StringComparison.Ordinal)) && s.Typings.Any(t => t.StartsWith("07", StringComparison.Ordinal)));
        Assert.Contains(shared, s => s.Typings.Any(t => t.Contains(' ', StringComparison.Ordinal)) && s.Typings.Any(t => !t.Contains(' ', StringComparison.Ordinal)));
    }

    [Fact]
    public void Summary_lists_links_over_two_force_areas_matching_the_hub_keys()
    {
        var summary = ScenarioSummary.Of(Scenarios.Default);

        Assert.NotEmpty(summary.CrossForceLinks);
        Assert.All(summary.CrossForceLinks, link =>
        {
            Assert.True(link.ForceAreas.Count >= 2);
            Assert.True(link.Items >= 2);
            Assert.NotEmpty(link.Typings);
        });

        // every identifier the independent count finds in two forces' own reports is in the summary
        var keys = summary.CrossForceLinks.Select(l => l.MatchKey).ToHashSet(StringComparer.Ordinal);
        Assert.All(SharedByForces(Scenarios.Default), s => Assert.Contains(s.MatchKey, keys));
    }

    [Fact]
    public void Summary_counts_every_submission_by_agency_and_kind()
    {
        var summary = ScenarioSummary.Of(Scenarios.Default);

        Assert.Equal(Scenarios.Default.Count, summary.Total);
        Assert.Equal(summary.Total, summary.ByAgency.Sum(a => a.Information + a.Intelligence));
        Assert.Equal(Scenarios.Default.Count(s => s.IsIntelligence), summary.ByAgency.Sum(a => a.Intelligence));
        Assert.Equal(5, summary.ByExploitation.Count);
        Assert.Contains("Links across force areas", summary.ToString(), StringComparison.Ordinal);
    }
}
