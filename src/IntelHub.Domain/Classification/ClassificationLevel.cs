namespace IntelHub.Domain.Classification;

/// <summary>
/// The markings the hub accepts. SECRET and TOP SECRET are not here on purpose: the hub is accredited
/// to OFFICIAL-SENSITIVE and refuses them at the door (<see cref="SecurityClassification.Parse"/>).
/// </summary>
public enum ClassificationLevel
{
    /// <summary>OFFICIAL.</summary>
    Official = 1,
    /// <summary>OFFICIAL-SENSITIVE: OFFICIAL information needing more careful handling.</summary>
    OfficialSensitive = 2,
}
