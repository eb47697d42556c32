using IntelHub.Domain.Entities;
using ContractEntity = IntelHub.Contracts.V1.Entity;
using ContractEntityType = IntelHub.Contracts.V1.EntityType;

namespace IntelHub.Server.Reports;

/// <summary>Entities between the wire and the domain: which kind, and the text its match key is made from.</summary>
internal static class EntityWire
{
    /// <summary>The kind, the value to normalise, and the field path of that value; kind null when none is set.</summary>
    public static (EntityKind? Kind, string? Value, string Path) Describe(ContractEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity.KindCase switch
        {
            ContractEntity.KindOneofCase.Person => (EntityKind.Person, entity.Person.FullName, "person.full_name"),
            ContractEntity.KindOneofCase.Location => (EntityKind.Location, AddressText(entity.Location), "location"),
            ContractEntity.KindOneofCase.Vehicle => (EntityKind.Vehicle, entity.Vehicle.RegistrationMark, "vehicle.registration_mark"),
            ContractEntity.KindOneofCase.PhoneNumber => (EntityKind.PhoneNumber, entity.PhoneNumber.Number, "phone_number.number"),
            ContractEntity.KindOneofCase.Organisation => (EntityKind.Organisation, entity.Organisation.Name, "organisation.name"),
            ContractEntity.KindOneofCase.Business => (EntityKind.Business, entity.Business.Name, "business.name"),
            _ => (null, null, ""),
        };
    }

    public static EntityKind? KindOf(ContractEntityType type) => type switch
    {
        ContractEntityType.Person => EntityKind.Person,
        ContractEntityType.Location => EntityKind.Location,
        ContractEntityType.Vehicle => EntityKind.Vehicle,
        ContractEntityType.PhoneNumber => EntityKind.PhoneNumber,
        ContractEntityType.Organisation => EntityKind.Organisation,
        ContractEntityType.Business => EntityKind.Business,
        _ => null,
    };

    /// <summary>The storage name of an entity kind, e.g. <c>phone-number</c>.</summary>
    public static string StorageName(EntityKind kind) => kind switch
    {
        EntityKind.Person => "person",
        EntityKind.Location => "location",
        EntityKind.Vehicle => "vehicle",
        EntityKind.PhoneNumber => "phone-number",
        EntityKind.Organisation => "organisation",
        _ => "business",
    };

    private static string AddressText(Contracts.V1.Location location) =>
        string.Join(", ", location.AddressLines.Append(location.Town).Append(location.Postcode).Where(p => !string.IsNullOrWhiteSpace(p)));
}
