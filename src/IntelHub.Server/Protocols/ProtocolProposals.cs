using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Policy.Publishing;
using IntelHub.Server.Sharing;
using IntelHub.Server.Validation;
using IntelHub.Storage;

namespace IntelHub.Server.Protocols;

/// <summary>
/// A protocol owner proposes a version: validated exactly as ValidateProtocol validates it (a document with errors is
/// refused with the linter's messages and nothing is stored), then stored as PROPOSED with the approvals its document
/// names, and audited with the document's digest. Only the owning agency proposes its protocol's versions, and a
/// version number names one text for good.
/// </summary>
internal sealed class ProtocolProposals(ProtocolValidation validation, StoredProtocolSet protocols, PolicySet policies, ProtocolChangeCommit commit, ProtocolCatalogue catalogue, TimeProvider time)
{
    private const int MaxKeyLength = 128;

    public async Task<ProposeProtocolVersionResponse> ProposeAsync(ProposeProtocolVersionRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var key = request.IdempotencyKey.Trim();
        var problems = new FieldViolations();
        if (key.Length == 0 || key.Length > MaxKeyLength || key.Any(char.IsControl))
            problems.Add("idempotency_key", $"Make up a key of 1 to {MaxKeyLength} printable characters once per proposal (e.g. a UUID) and send it again on retries.");
        ChangeText.Check("change_note", request.ChangeNote, problems, "Say what changed and why, for the approvers and the audit log.");
        problems.ThrowIfAny("The version was not proposed");

        var fileName = ProtocolValidation.DefaultFileName;
        var validated = validation.Validate(new ValidateProtocolRequest { DocumentText = request.DocumentText, FileName = fileName });
        if (!validated.Valid)
        {
            var errors = new FieldViolations();
            foreach (var error in validated.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                errors.Add("document_text", $"{error.File}:{error.Line}:{error.Column}: {error.Code}: {error.Message} Fix: {error.Fix}");
            throw errors.ToException("The document does not validate and was not stored (ValidateProtocol or 'intelhub policy lint' shows the same findings)");
        }

        var compiled = protocols.CompileBeside(policies.Current, fileName, request.DocumentText, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
            .Snapshot?.Protocols.FirstOrDefault(p => p.DocumentText == request.DocumentText)
            ?? throw new RpcException(new Status(StatusCode.Internal, "The validated document did not compile; nothing was stored."));
        if (compiled.Owner != caller.AgencyId)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"Protocol {compiled.Id} is owned by {compiled.Owner}: only its protocol owners propose its versions. Ask them, or propose a protocol your agency ({caller.AgencyId}) owns."));
        }

        var digest = StoredProtocolSet.DigestOf(request.DocumentText);
        ProtocolVersionRecord? stored = null;
        var history = await commit.CommitAsync((history, now) =>
        {
            stored = history.Versions.FirstOrDefault(v => v.ProposerAgency == caller.AgencyId && v.IdempotencyKey == key);
            if (stored is not null)
            {
                return stored.DocumentDigest == digest ? PlannedChange.Nothing : throw new RpcException(new Status(StatusCode.AlreadyExists,
                    $"Idempotency key '{key}' was used for protocol {stored.ProtocolId} version {stored.Version} with other text: make up a new key for a new proposal."));
            }
            stored = history.Versions.FirstOrDefault(v => v.ProtocolId == compiled.Id && v.Version == compiled.Version);
            if (stored is not null)
            {
                // The same text again is the proposal already stored; other text under its number would make the number ambiguous.
                return stored.DocumentDigest == digest ? PlannedChange.Nothing : throw new RpcException(new Status(StatusCode.AlreadyExists,
                    $"Protocol {compiled.Id} already has a version {compiled.Version} with other text ({stored.Status}). Give the changed document a new version number; nothing was stored."));
            }
            stored = new ProtocolVersionRecord(compiled.Id, compiled.Version, request.DocumentText, digest,
                compiled.Approvers.Count == 0 ? ProtocolTimeline.Approved : ProtocolTimeline.Proposed, caller.UserId, compiled.Approvers, null, now)
            {
                ChangeNote = request.ChangeNote.Trim(), ProposerAgency = caller.AgencyId, IdempotencyKey = key,
            };
            return new PlannedChange(new ProtocolChange(0, [stored]), [ProtocolChangeCommit.AuditOf(AuditAction.ProtocolProposal, caller, stored, "proposed", now)]);
        }, cancellationToken);

        var response = new ProposeProtocolVersionResponse { Protocol = catalogue.Describe(history, stored!.ProtocolId, stored.Version) };
        response.Diagnostics.AddRange(validated.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning));
        return response;
    }
}

/// <summary>Checks of the free text a protocol change carries (notes, reasons, comments).</summary>
internal static class ChangeText
{
    public const int MaxLength = 2_000;

    public static void Check(string field, string value, FieldViolations problems, string whatToWrite, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (required && string.IsNullOrWhiteSpace(value)) problems.Add(field, $"Missing: {whatToWrite}");
        else if (value.Length > MaxLength || value.Any(c => char.IsControl(c) && c != '\n'))
            problems.Add(field, $"Use at most {MaxLength} printable characters (line breaks allowed).");
    }
}
