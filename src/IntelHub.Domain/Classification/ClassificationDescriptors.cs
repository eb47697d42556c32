namespace IntelHub.Domain.Classification;

/// <summary>
/// Descriptors that may accompany OFFICIAL-SENSITIVE under the UK Government Security
/// Classifications, to say why the information is sensitive.
/// </summary>
[Flags]
public enum ClassificationDescriptors
{
    None = 0,
    /// <summary>COMMERCIAL: commercial information whose loss could harm a supplier.</summary>
    Commercial = 1,
    /// <summary>LOCSEN: locally sensitive information.</summary>
    LocSen = 2,
    /// <summary>PERSONAL: particularly sensitive information about an identifiable person.</summary>
    Personal = 4,
}
