namespace IntelHub.Domain.Entities;

/// <summary>What an entity mentioned in an item is; links across forces are found by matching these.</summary>
public enum EntityKind
{
    Person = 1,
    Location = 2,
    Vehicle = 3,
    PhoneNumber = 4,
    Organisation = 5,
    Business = 6,
}
