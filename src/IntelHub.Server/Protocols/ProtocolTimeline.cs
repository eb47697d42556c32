using IntelHub.Contracts.V1;
using IntelHub.Storage;

namespace IntelHub.Server.Protocols;

/// <summary>
/// Which stored protocol versions have effect at a moment, read from their publication and end times alone, so that
/// every hub process reading the same store decides the same: a version has effect from its effective time until its
/// end time (superseded, rolled back or retired); of a protocol's versions with effect, the one that took effect last
/// is in force.
/// </summary>
internal static class ProtocolTimeline
{
    public const string Proposed = "proposed";
    public const string Approved = "approved";
    public const string Published = "published";
    public const string Superseded = "superseded";
    public const string Retired = "retired";

    public static bool HasEffect(ProtocolVersionRecord version, DateTimeOffset at) =>
        version.PublishedAt is not null && version.EffectiveAt is { } from && from <= at && (version.EndedAt is not { } end || end > at);

    /// <summary>The version of one protocol in force at <paramref name="at"/>, or null.</summary>
    public static ProtocolVersionRecord? InForce(IEnumerable<ProtocolVersionRecord> versionsOfOneProtocol, DateTimeOffset at) =>
        versionsOfOneProtocol.Where(v => HasEffect(v, at)).MaxBy(v => (v.EffectiveAt, v.PublishedAt));

    /// <summary>Every protocol's version in force at <paramref name="at"/>, by protocol id.</summary>
    public static IReadOnlyList<ProtocolVersionRecord> AllInForce(IEnumerable<ProtocolVersionRecord> versions, DateTimeOffset at) =>
        [.. versions.GroupBy(v => v.ProtocolId, StringComparer.Ordinal).Select(g => InForce(g, at)).OfType<ProtocolVersionRecord>().OrderBy(v => v.ProtocolId, StringComparer.Ordinal)];

    /// <summary>The next moment after <paramref name="after"/> at which a version takes or loses effect, or null.</summary>
    public static DateTimeOffset? NextChange(IEnumerable<ProtocolVersionRecord> versions, DateTimeOffset after) =>
        versions.Where(v => v.PublishedAt is not null)
            .SelectMany(v => new[] { v.EffectiveAt, v.EndedAt })
            .Where(t => t > after)
            .Min();

    /// <summary>A version scheduled to take effect later, if the protocol has one.</summary>
    public static ProtocolVersionRecord? Scheduled(IEnumerable<ProtocolVersionRecord> versionsOfOneProtocol, DateTimeOffset at) =>
        versionsOfOneProtocol.FirstOrDefault(v => v.PublishedAt is not null && v.EffectiveAt > at && v.EndedAt is null);

    /// <summary>Where a version is at <paramref name="at"/>; a version in force past its review date is out of date.</summary>
    public static ProtocolStatus StatusOf(ProtocolVersionRecord version, IEnumerable<ProtocolVersionRecord> versionsOfItsProtocol, DateTimeOffset at, DateOnly? review)
    {
        if (version.PublishedAt is null) return version.Status == Approved ? ProtocolStatus.Approved : ProtocolStatus.Proposed;
        if (version.EffectiveAt > at) return ProtocolStatus.Scheduled;
        if (InForce(versionsOfItsProtocol, at) == version)
            return review is { } last && DateOnly.FromDateTime(at.UtcDateTime) > last ? ProtocolStatus.OutOfDate : ProtocolStatus.InForce;
        return version.Status == Retired && version.EndedAt <= at ? ProtocolStatus.Retired : ProtocolStatus.Superseded;
    }
}
