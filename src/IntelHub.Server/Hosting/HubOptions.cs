using System.Net;

namespace IntelHub.Server.Hosting;

/// <summary>The hub's settings (configuration section <c>Hub</c>), validated at start-up.</summary>
public sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>Where the embedded default keeps its database, certificates and keys.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The address the hub listens on. Loopback by default: exposing it is a deployment decision.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 7443;

    /// <summary>
    /// Serve HTTP/2 without TLS. Only for local development behind a trusted proxy: with it no
    /// client certificate identifies the agency, so the hub refuses to start unless the address is loopback.
    /// </summary>
    public bool AllowPlaintextForLocalDevelopment { get; set; }

    /// <summary>
    /// A plaintext HTTP/2 port serving only the gRPC health service, for probes that cannot present an
    /// agency certificate (Kubernetes <c>grpc:</c> probes). Unset: no such port.
    /// </summary>
    public int? HealthPort { get; set; }

    /// <summary>
    /// How often the hub checks its own health in the background (data directory writable, store answering, audit log
    /// consistent); the health service answers from the last result, and answers NOT_SERVING once that result is older
    /// than three intervals (the check itself is stuck).
    /// </summary>
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Load the synthetic Wales scenario into an empty hub at start (the embedded default's demo).</summary>
    public bool DemoData { get; set; }

    /// <summary>The sharing protocols' directory; empty: the nearest <c>policies/</c> above the working directory or the hub's binaries.</summary>
    public string? PolicyDirectory { get; set; }

    /// <summary>
    /// How often the hub looks for changed protocol files and, when they all validate, publishes them
    /// (a set with any error is not published and the previous one keeps serving). Zero: never; the
    /// protocols loaded at start serve until the hub restarts.
    /// </summary>
    public TimeSpan PolicyReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many days ahead of a protocol's review date the hub warns its owners (a warning in the log once a day; the
    /// intelhub.protocol.days_to_review gauge always shows every protocol's days).
    /// </summary>
    public int ProtocolReviewWarningDays { get; set; } = 30;

    /// <summary>
    /// The key that seals search page tokens (32 random bytes, created on first start). Empty: <c>keys/page-token.key</c>
    /// under the data directory. Replicas serving one store must share the file, so a token from one works on the others.
    /// </summary>
    public string? PageTokenKeyFile { get; set; }

    /// <summary>Where the page-token key is: <see cref="PageTokenKeyFile"/>, or its default under the data directory.</summary>
    public string PageTokenKeyPath => string.IsNullOrWhiteSpace(PageTokenKeyFile) ? Path.Combine(DataDirectory, "keys", "page-token.key") : PageTokenKeyFile;

    /// <summary>Checks the settings; each problem names the setting and what to do.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
            problems.Add("Hub:DataDirectory is empty: name a directory the hub may write to, e.g. 'data'.");
        if (!IPAddress.TryParse(ListenAddress, out var address))
            problems.Add($"Hub:ListenAddress '{ListenAddress}' is not an IP address: use e.g. 127.0.0.1 or 0.0.0.0.");
        else if (AllowPlaintextForLocalDevelopment && !IPAddress.IsLoopback(address))
            problems.Add($"Hub:AllowPlaintextForLocalDevelopment is set but Hub:ListenAddress is {ListenAddress}: plaintext is allowed on loopback only. Use 127.0.0.1 or turn plaintext off.");
        if (PolicyReloadInterval < TimeSpan.Zero)
            problems.Add($"Hub:PolicyReloadInterval {PolicyReloadInterval} is negative: use e.g. 00:00:10, or 00:00:00 to load the protocols only at start.");
        if (HealthProbeInterval < TimeSpan.FromMilliseconds(50) || HealthProbeInterval > TimeSpan.FromMinutes(1))
            problems.Add($"Hub:HealthProbeInterval {HealthProbeInterval} is out of range: use 00:00:00.05 to 00:01:00, e.g. 00:00:01.");
        if (ProtocolReviewWarningDays is < 0 or > 3660)
            problems.Add($"Hub:ProtocolReviewWarningDays {ProtocolReviewWarningDays} is out of range: use 0 to 3660 days, e.g. 30 (0 warns only once a review date has passed).");
        if (Port is < 0 or > 65535)
            problems.Add($"Hub:Port {Port} is not a TCP port: use 0..65535.");
        if (HealthPort is < 0 or > 65535)
            problems.Add($"Hub:HealthPort {HealthPort} is not a TCP port: use 1..65535 (e.g. 8081), or leave it unset for no probe port.");
        else if (HealthPort is { } health && health != 0 && health == Port)
            problems.Add($"Hub:HealthPort is the same as Hub:Port ({Port}): the probe port must be a port of its own.");
        return problems;
    }
}
