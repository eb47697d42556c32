using IntelHub.Audit.Signing;
using IntelHub.Identity;
using IntelHub.Policy.Publishing;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Inbox;
using IntelHub.Server.Retention;
using IntelHub.Server.Sharing;
using IntelHub.Storage;

namespace IntelHub.Server.Hosting;

/// <summary>
/// The parts of the hub that must be opened before it can serve: settings, the sharing protocols,
/// the store (migrated), the audit signing key and the identity trust. Every problem is collected
/// and reported together, each naming the setting or file and what to do.
/// </summary>
internal sealed record HubComponents(
    HubOptions Hub,
    AuditTrailOptions Audit,
    InboxOptions Inbox,
    RetentionOptions Retention,
    PolicySet Policies,
    string PolicyDirectory,
    AreaCatalogue Areas,
    IHubStore Store,
    ICheckpointSigner Signer,
    DevelopmentPki? Pki,
    TransportTrust? Transport,
    IReadOnlyList<TrustedIssuer> Issuers,
    TimeSpan MaxTokenLifetime)
{
    public static async Task<HubComponents> OpenAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var hub = configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        var audit = configuration.GetSection("Hub:Audit").Get<AuditTrailOptions>() ?? new AuditTrailOptions();
        var inbox = configuration.GetSection("Hub:Inbox").Get<InboxOptions>() ?? new InboxOptions();
        var retention = configuration.GetSection("Hub:Retention").Get<RetentionOptions>() ?? new RetentionOptions();
        var identity = configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        var storeSettings = configuration.GetSection(StoreSettings.SectionName).Get<StoreSettings>() ?? new StoreSettings();
        if (configuration[$"{StoreSettings.SectionName}:{nameof(StoreSettings.SqlitePath)}"] is null)
            storeSettings = storeSettings with { SqlitePath = Path.Combine(hub.DataDirectory, "intelhub.db") };

        var problems = new List<string>();
        problems.AddRange(hub.Validate());
        problems.AddRange(audit.Validate());
        problems.AddRange(inbox.Validate());
        problems.AddRange(retention.Validate());
        problems.AddRange(storeSettings.Validate());
        problems.AddRange(identity.Validate());
        if (problems.Count > 0) throw new HubConfigurationException(problems);

        PrivateKeyFile.CreateDirectory(hub.DataDirectory);
        var policyDirectory = FindPolicyDirectory(hub);
        var policies = new PolicySet();
        var loaded = policies.Reload(policyDirectory, DateOnly.FromDateTime(DateTime.UtcNow));
        if (!loaded.Succeeded)
            throw new HubConfigurationException([.. loaded.Errors.Take(20).Select(e => e.ToString()), $"Fix the sharing protocols in {policyDirectory} (intelhub policy lint {policyDirectory} shows every problem)."]);
        if (!File.Exists(Path.Combine(policyDirectory, AreaCatalogue.FileName)))
            throw new HubConfigurationException([$"{Path.Combine(policyDirectory, AreaCatalogue.FileName)} is missing: the hub needs the area list to translate GSS codes to the areas protocols name."]);
        var areas = loaded.Snapshot!.Areas;

        var (pki, transport, issuers) = OpenIdentity(hub, identity);

        var store = storeSettings.Open(TimeProvider.System);
        try
        {
            await store.MigrateAsync(cancellationToken);
            var signer = await OpenSignerAsync(hub, audit, cancellationToken);
            OwnerOnlyFiles.Restrict(hub.DataDirectory, storeSettings.SqlitePath, storeSettings.SqlitePath + "-wal", storeSettings.SqlitePath + "-shm");
            return new HubComponents(hub, audit, inbox, retention, policies, policyDirectory, areas, store, signer, pki, transport, issuers, identity.MaxTokenLifetime);
        }
        catch (Exception problem) when (problem is not HubConfigurationException and not OperationCanceledException)
        {
            await store.DisposeAsync();
            throw new HubConfigurationException([$"The hub could not open its store or audit signing key: {problem.Message}"]);
        }
    }

    /// <summary>
    /// The deployment's own PKI and identity providers when configured; otherwise the embedded
    /// default's development CA and token issuer (created on first run under the data directory).
    /// </summary>
    private static (DevelopmentPki? Pki, TransportTrust? Transport, IReadOnlyList<TrustedIssuer> Issuers) OpenIdentity(HubOptions hub, IdentityOptions identity)
    {
        if (identity.UsesOwnPki)
        {
            var (server, authority) = identity.LoadCertificates();
            return (null, hub.AllowPlaintextForLocalDevelopment ? null : new TransportTrust(server, authority), identity.LoadIssuers());
        }
        var directory = Path.Combine(hub.DataDirectory, "pki");
        var pki = hub.AllowPlaintextForLocalDevelopment ? null : DevelopmentPki.LoadOrCreate(directory, TimeProvider.System);
        if (identity.Issuers.Any(i => i.Name == DevelopmentTokenIssuer.IssuerName))
            throw new HubConfigurationException([$"{IdentityOptions.Section}:Issuers names '{DevelopmentTokenIssuer.IssuerName}', the embedded default's own development issuer: give your identity provider its own name."]);
        IReadOnlyList<TrustedIssuer> issuers = [DevelopmentTokenIssuer.LoadOrCreate(directory).AsTrustedIssuer(), .. identity.LoadIssuers()];
        return (pki, pki is null ? null : new TransportTrust(pki.Server, pki.Authority), issuers);
    }

    private static async Task<ICheckpointSigner> OpenSignerAsync(HubOptions hub, AuditTrailOptions audit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(audit.KeyVaultUri))
            return LocalKeySigner.OpenOrCreate(Path.Combine(hub.DataDirectory, "keys", "audit-checkpoint-key.pem"));
        return await KeyVaultSigner.CreateAsync(new Uri(audit.KeyVaultUri), audit.KeyName, audit.KeyVersion, cancellationToken);
    }

    /// <summary>The configured directory, or the nearest <c>policies/</c> holding agencies.yaml above the working directory or the binaries.</summary>
    private static string FindPolicyDirectory(HubOptions hub)
    {
        if (!string.IsNullOrWhiteSpace(hub.PolicyDirectory))
        {
            return Directory.Exists(hub.PolicyDirectory)
                ? hub.PolicyDirectory
                : throw new HubConfigurationException([$"Hub:PolicyDirectory '{hub.PolicyDirectory}' does not exist: point it at the sharing protocols (the repository's policies/ folder)."]);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "policies");
                if (File.Exists(Path.Combine(candidate, PolicyLoader.AgenciesFile))) return candidate;
            }
        }
        throw new HubConfigurationException(["No sharing protocols found: set Hub:PolicyDirectory to the policies/ folder, or start the hub from inside the repository."]);
    }
}

/// <summary>The TLS side of identity: the hub's certificate, and the CA whose client certificates name agencies.</summary>
internal sealed record TransportTrust(System.Security.Cryptography.X509Certificates.X509Certificate2 Server, System.Security.Cryptography.X509Certificates.X509Certificate2 ClientAuthority);
