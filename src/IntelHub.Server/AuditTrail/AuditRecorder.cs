using System.Diagnostics;
using IntelHub.Audit.Entries;
using IntelHub.Identity;
using IntelHub.Server.Access;

namespace IntelHub.Server.AuditTrail;

/// <summary>
/// Writes audit entries that stand on their own (disclosures, deliveries, denials): durably, before
/// the reply that they record leaves the hub. Entries that belong to a state change go into that
/// change's own transaction instead: a submission's into the submission's; an acknowledgement's into
/// the shared audit commit together with the cursor it moves.
/// </summary>
public sealed class AuditRecorder(AuditGroupCommit log, TimeProvider time) : IAccessRefusals
{
    /// <summary>The trace id of the current request, so an audit entry can be matched to its trace.</summary>
    public static string TraceId => Activity.Current?.TraceId.ToHexString() ?? "";

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Appends the entries (with other requests' in one transaction) and returns their leaf indices, in order, once durable.</summary>
    public async Task<IReadOnlyList<long>> RecordAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return [];
        return await log.AppendAsync(entries.Select(HubAuditLog.Encode).ToList(), cancellationToken);
    }

    /// <summary>
    /// Moves the agency's inbox cursor up to a position and records the acknowledgement's entries in the same
    /// transaction (shared with other requests' audit entries); returns the acknowledged position once durable.
    /// A position beyond the agency's last inbox entry throws <see cref="ArgumentOutOfRangeException"/> and changes nothing.
    /// </summary>
    public Task<long> RecordAcknowledgementAsync(string agencyId, long upToPosition, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return log.AcknowledgeAsync(agencyId, upToPosition, [.. entries.Select(HubAuditLog.Encode)], cancellationToken);
    }

    public async Task<long> RecordAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        (await RecordAsync([entry], cancellationToken))[0];

    /// <summary>A refused call: who tried what, and why it was refused (never the request's content).</summary>
    public Task RecordDenialAsync(Caller caller, string what, string reason, CancellationToken cancellationToken, string itemId = "", string purpose = "", string justification = "")
    {
        ArgumentNullException.ThrowIfNull(caller);
        return RecordAsync(new AuditEntry
        {
            Time = Now, Action = AuditAction.Denial, Agency = caller.AgencyId, User = Bounded(caller.UserId, MaxClaimLength), ItemId = Bounded(itemId, MaxClaimLength),
            Decision = Bounded("deny:" + what + ": " + reason, MaxReasonLength), Purpose = Bounded(purpose, MaxClaimLength),
            Justification = Bounded(justification, MaxReasonLength), TraceId = TraceId,
        }, cancellationToken);
    }

    Task IAccessRefusals.RecordAsync(Caller caller, string method, string reason, CancellationToken cancellationToken) =>
        RecordDenialAsync(caller, method, reason, cancellationToken);

    private const int MaxClaimLength = 256;
    private const int MaxReasonLength = 1000;

    /// <summary>
    /// A value the caller chose (a token's user, a purpose, an item id) as a refusal records it: as given when
    /// it is short, otherwise its start and a digest of the whole, so that an overlong claim is still recorded,
    /// attributable and cannot push the entry past an audit field's limit.
    /// </summary>
    private static string Bounded(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var keep = maxLength / 2;
        if (char.IsHighSurrogate(text[keep - 1])) keep--;
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        return $"{text[..keep]}... ({text.Length} characters, sha256:{digest})";
    }
}
