using System.Text;
using Grpc.Core;
using IntelHub.Identity;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Sharing;
using IntelHub.Server.Validation;

namespace IntelHub.Server.Disclosures;

/// <summary>
/// The purpose a caller declared for a query, checked against the purposes the protocols name. The justification
/// is the caller's own words for why; the audit log records it with every get, search and inbox read.
/// </summary>
public sealed record DeclaredPurpose(string PurposeId, string CaseReference, string Justification)
{
    private const int MaxJustification = 2000;

    /// <summary>What the audit log records as the purpose: its id, and the caller's case reference when given.</summary>
    public string ForAudit => CaseReference.Length == 0 ? PurposeId : $"{PurposeId} (case {CaseReference})";

    /// <summary>Adds a field violation for each problem with the purpose's shape; null when it has none.</summary>
    internal static DeclaredPurpose? Read(Contracts.V1.Purpose? purpose, FieldViolations problems)
    {
        if (purpose is null)
        {
            problems.Add("purpose", "Missing: declare why you need this, with the purpose id a sharing protocol names (e.g. safeguarding-adults) and a justification.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(purpose.PurposeId))
            problems.Add("purpose.purpose_id", "Missing: give the purpose id a sharing protocol names, e.g. safeguarding-adults or prevention-and-detection-of-crime.");
        if (string.IsNullOrWhiteSpace(purpose.Justification))
            problems.Add("purpose.justification", "Missing: say in your own words why this query is needed for that purpose.");
        else if (purpose.Justification.Length > MaxJustification || Encoding.UTF8.GetByteCount(purpose.Justification) > Audit.Entries.AuditEntry.MaxFieldBytes)
            problems.Add("purpose.justification", $"Keep the justification to {MaxJustification} characters (and {Audit.Entries.AuditEntry.MaxFieldBytes} bytes of UTF-8, as the audit log records it).");
        if (purpose.CaseReference.Length > 100)
            problems.Add("purpose.case_reference", "Keep the case reference to 100 characters.");
        return problems.Any ? null : new DeclaredPurpose(purpose.PurposeId.Trim(), purpose.CaseReference.Trim(), purpose.Justification.Trim());
    }

    /// <summary>
    /// A purpose no protocol names authorises nothing: the query is refused as PERMISSION_DENIED
    /// and the attempt is audited.
    /// </summary>
    internal async Task EnsureNamedAsync(SharingPolicy sharing, AuditRecorder audit, Caller caller, string what, CancellationToken cancellationToken)
    {
        if (sharing.NamesPurpose(PurposeId)) return;
        var reason = $"no sharing protocol names the purpose '{PurposeId}'";
        await audit.RecordDenialAsync(caller, what, reason, cancellationToken, purpose: ForAudit, justification: Justification);
        throw new RpcException(new Status(StatusCode.PermissionDenied,
            $"No sharing protocol names the purpose '{PurposeId}', so nothing can be disclosed for it. Use a purpose that one of your agency's protocols lists under purposes, or ask your protocol owner."));
    }
}
