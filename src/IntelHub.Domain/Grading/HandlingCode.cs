namespace IntelHub.Domain.Grading;

/// <summary>The 3x5x2 handling code (College of Policing APP).</summary>
public enum HandlingCode
{
    /// <summary>Lawful sharing permitted.</summary>
    P = 1,
    /// <summary>Lawful sharing permitted subject to conditions the originator records.</summary>
    C = 2,
}
