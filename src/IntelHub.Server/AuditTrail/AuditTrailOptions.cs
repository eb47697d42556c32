namespace IntelHub.Server.AuditTrail;

/// <summary>The audit log's settings (configuration section <c>Hub:Audit</c>).</summary>
public sealed class AuditTrailOptions
{
    /// <summary>The log's origin line in every checkpoint, and the name of its signing key: unique per deployment.</summary>
    public string Origin { get; set; } = "intelhub.local/audit";

    /// <summary>Sign a checkpoint after this many new entries...</summary>
    public long CheckpointEvery { get; set; } = 1000;

    /// <summary>...or when this long has passed with new entries.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the tree is brought up to date with the store.</summary>
    public TimeSpan IntegrationInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Azure Key Vault URI for the signing key (the key never leaves the vault); empty: a local key under the data directory.</summary>
    public string? KeyVaultUri { get; set; }

    /// <summary>The Key Vault key's name.</summary>
    public string KeyName { get; set; } = "intelhub-audit";

    /// <summary>A pinned key version; empty: the latest.</summary>
    public string? KeyVersion { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Origin) || Origin.Any(char.IsWhiteSpace))
            problems.Add("Hub:Audit:Origin must be a non-empty name without spaces, e.g. 'intelhub.police.wales/audit'.");
        if (CheckpointEvery < 1) problems.Add("Hub:Audit:CheckpointEvery must be at least 1.");
        if (CheckpointInterval <= TimeSpan.Zero) problems.Add("Hub:Audit:CheckpointInterval must be positive, e.g. 00:00:05.");
        if (IntegrationInterval <= TimeSpan.Zero) problems.Add("Hub:Audit:IntegrationInterval must be positive, e.g. 00:00:00.250.");
        if (!string.IsNullOrWhiteSpace(KeyVaultUri) && (!Uri.TryCreate(KeyVaultUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            problems.Add($"Hub:Audit:KeyVaultUri '{KeyVaultUri}' must be an https URI, e.g. https://my-vault.vault.azure.net/.");
        return problems;
    }
}
