using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Publishing;
using IntelHub.Storage;

namespace IntelHub.Server.Protocols;

/// <summary>
/// Compiles stored protocol versions against the policies directory's agency register and areas (which stay files);
/// the directory's protocol files are only the seed of the store and play no part here.
/// </summary>
internal sealed class StoredProtocolSet(string policyDirectory)
{
    private const int MaxCachedVersions = 256;
    private readonly ConcurrentDictionary<string, CompiledProtocol?> _compiled = new(StringComparer.Ordinal);

    public string PolicyDirectory => policyDirectory;

    /// <summary>The SHA-256 (lower-case hex) of a protocol document's UTF-8 text: how the hub and its audit log name a version's text.</summary>
    public static string DigestOf(string documentText) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(documentText)));

    /// <summary>How a stored version is named in diagnostics, and the file <c>intelhub protocol export</c> writes it to.</summary>
    public static string FileOf(string protocolId) => $"protocols/{protocolId}.yaml";

    /// <summary>The given versions, one per protocol, compiled as a set.</summary>
    public PolicyLoadResult Compile(IEnumerable<ProtocolVersionRecord> versions, DateOnly asOf) =>
        PolicyLoader.LoadWithProtocols(policyDirectory, [.. versions.Select(v => new ProtocolText(FileOf(v.ProtocolId), v.DocumentText))], asOf);

    /// <summary>
    /// A document compiled in place of its protocol beside the others of <paramref name="inForce"/>, with every
    /// diagnostic; the proposal <paramref name="fileName"/> names it in them.
    /// </summary>
    public PolicyLoadResult CompileBeside(PolicySnapshot? inForce, string fileName, string documentText, DateOnly asOf)
    {
        var others = inForce?.Protocols.Select(p => new ProtocolText(FileOf(p.Id), p.DocumentText)) ?? [];
        var proposal = new ProtocolText(fileName, documentText);
        // The loader lets a later document of the same id take the place of an earlier one: the proposal goes last.
        return PolicyLoader.LoadWithProtocols(policyDirectory, [.. others, proposal], asOf);
    }

    /// <summary>One stored version as compiled beside the set in force (its title, parties, cover and review date), or null when it no longer compiles.</summary>
    public CompiledProtocol? Describe(ProtocolVersionRecord version, PolicySnapshot? inForce, DateOnly asOf)
    {
        var current = inForce?.Protocols.FirstOrDefault(p => p.Id == version.ProtocolId && p.Version == version.Version && p.DocumentText == version.DocumentText);
        if (current is not null) return current;
        if (_compiled.TryGetValue(version.DocumentDigest, out var known)) return known;
        if (_compiled.Count >= MaxCachedVersions) _compiled.Clear();
        var loaded = CompileBeside(inForce, FileOf(version.ProtocolId), version.DocumentText, asOf);
        var compiled = loaded.Snapshot?.Protocols.FirstOrDefault(p => p.Id == version.ProtocolId && p.Version == version.Version);
        _compiled[version.DocumentDigest] = compiled;
        return compiled;
    }
}
