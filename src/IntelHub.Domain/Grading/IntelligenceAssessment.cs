namespace IntelHub.Domain.Grading;

/// <summary>3x5x2 intelligence assessment, the second character of a grade (College of Policing APP).</summary>
public enum IntelligenceAssessment
{
    /// <summary>Known directly to the source.</summary>
    A = 1,
    /// <summary>Known indirectly to the source but corroborated.</summary>
    B = 2,
    /// <summary>Known indirectly to the source.</summary>
    C = 3,
    /// <summary>Not known.</summary>
    D = 4,
    /// <summary>Suspected to be false or malicious.</summary>
    E = 5,
}
