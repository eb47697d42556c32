using IntelHub.Contracts.V1;
using IntelHub.Domain.Entities;
using IntelHub.Storage;
using ContractEntity = IntelHub.Contracts.V1.Entity;

namespace IntelHub.Server.Reports;

/// <summary>
/// The potential victims and suspects a validated subject names, one per stated nationality, keyed by the person's
/// normalised match key: what the store indexes so that a problem profile counts people by nationality without
/// reading subjects. People in other roles, and people with no nationality, are not indexed (data minimisation).
/// </summary>
internal static class SubjectPeople
{
    public static IReadOnlyList<ItemPerson> Of(ItemSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var people = new List<ItemPerson>();
        foreach (var entity in subject.Entities)
        {
            if (entity.KindCase != ContractEntity.KindOneofCase.Person || RoleName(entity.Role) is not { } role) continue;
            if (!Domain.Entities.Entity.TryCreate(EntityKind.Person, entity.Person.FullName, out var person, out _)) continue;
            foreach (var nationality in entity.Person.Nationalities)
                people.Add(new ItemPerson(role, nationality.ToUpperInvariant(), person.MatchKey));
        }
        return [.. people.Distinct()];
    }

    private static string? RoleName(EntityRole role) => role switch
    {
        EntityRole.PotentialVictim => ItemPerson.PotentialVictim,
        EntityRole.Suspect => ItemPerson.Suspect,
        _ => null,
    };
}
