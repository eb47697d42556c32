namespace IntelHub.Domain.Grading;

/// <summary>5x5x5 source evaluation, the letter that starts a legacy grade.</summary>
public enum LegacySource
{
    /// <summary>Always reliable.</summary>
    A = 1,
    /// <summary>Mostly reliable.</summary>
    B = 2,
    /// <summary>Sometimes reliable.</summary>
    C = 3,
    /// <summary>Unreliable.</summary>
    D = 4,
    /// <summary>Untested.</summary>
    E = 5,
}
