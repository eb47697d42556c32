namespace IntelHub.Identity;

/// <summary>What a user does at their agency; carried in the bearer token's <c>role</c> claim.</summary>
public enum UserRole
{
    /// <summary>Force intelligence unit officer who submits reports.</summary>
    Submitter = 1,
    /// <summary>Force analyst who searches and reads what the agency is entitled to.</summary>
    Analyst = 2,
    /// <summary>Practitioner at a partner agency (council, health board, NGO) who queries shared items.</summary>
    PartnerPractitioner = 3,
    /// <summary>Owner of a sharing protocol: proposes, approves and publishes versions.</summary>
    ProtocolOwner = 4,
    /// <summary>Analyst at the Regional Intelligence Unit who compiles problem profiles.</summary>
    RiuAnalyst = 5,
    /// <summary>Oversight: reads the audit log and its proofs, never item content.</summary>
    Auditor = 6,
}

/// <summary>The role names as they appear in tokens and on the command line.</summary>
public static class RoleNames
{
    private static readonly Dictionary<string, UserRole> ByName = new(StringComparer.Ordinal)
    {
        ["submitter"] = UserRole.Submitter,
        ["analyst"] = UserRole.Analyst,
        ["partner-practitioner"] = UserRole.PartnerPractitioner,
        ["protocol-owner"] = UserRole.ProtocolOwner,
        ["riu-analyst"] = UserRole.RiuAnalyst,
        ["auditor"] = UserRole.Auditor,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string? name, out UserRole role) => ByName.TryGetValue(name ?? "", out role);

    public static string NameOf(UserRole role) => ByName.First(pair => pair.Value == role).Key;
}
