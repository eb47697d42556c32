using System.Diagnostics;
using IntelHub.Audit.Entries;
using IntelHub.Identity;
using IntelHub.Server.Access;

namespace IntelHub.Server.AuditTrail;

/// <summary>
/// Writes audit entries that stand on their own (disclosures, deliveries, denials): durably, before
/// the reply that they record leaves the hub. Entries that belong to a state change (a submission,
/// an acknowledgement) go into that change's own transaction instead.
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

    public async Task<long> RecordAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        (await RecordAsync([entry], cancellationToken))[0];

    /// <summary>A refused call: who tried what, and why it was refused (never the request's content).</summary>
    public Task RecordDenialAsync(Caller caller, string what, string reason, CancellationToken cancellationToken, string itemId = "", string purpose = "", string justification = "")
    {
        ArgumentNullException.ThrowIfNull(caller);
        return RecordAsync(new AuditEntry
        {
            Time = Now, Action = AuditAction.Denial, Agency = caller.AgencyId, User = caller.UserId, ItemId = itemId,
            Decision = Truncate("deny:" + what + ": " + reason), Purpose = purpose, Justification = justification, TraceId = TraceId,
        }, cancellationToken);
    }

    Task IAccessRefusals.RecordAsync(Caller caller, string method, string reason, CancellationToken cancellationToken) =>
        RecordDenialAsync(caller, method, reason, cancellationToken);

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];
}
