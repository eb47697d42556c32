namespace IntelHub.Domain.Entities;

/// <summary>The DVLA registration formats the hub recognises.</summary>
public enum VehicleRegistrationFormat
{
    /// <summary>Since 2001: two letters, two digits, three letters (AB12 CDE).</summary>
    Current = 1,
    /// <summary>1983-2001: a letter, one to three digits, three letters (A123 BCD).</summary>
    Prefix = 2,
    /// <summary>1963-1983: three letters, one to three digits, a letter (ABC 123D).</summary>
    Suffix = 3,
    /// <summary>Before 1963, and Northern Ireland: up to three letters and up to four digits, either way round (ABC 123, 1234 AB).</summary>
    Dateless = 4,
}
