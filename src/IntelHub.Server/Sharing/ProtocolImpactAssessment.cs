using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;
using IntelHub.Policy.Tooling;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Protocols;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using PolicySeverity = IntelHub.Policy.Diagnostics.Severity;

namespace IntelHub.Server.Sharing;

/// <summary>
/// GetProtocolImpact: which decisions a protocol version (stored, or a document not yet proposed) would change against
/// the set in force, and for how many stored items. The candidate takes the place of the protocol with its id in the
/// set in force (the versions the hub decides by, with the directory's agency register and areas); the two sets are
/// compared by <see cref="PolicyImpact"/>, the comparison <c>intelhub policy diff</c> prints, on the day the candidate
/// would first apply (today, or its effective date when later). Nothing is stored.
/// </summary>
internal sealed class ProtocolImpactAssessment(PolicySet policies, IHubStore store, StoredProtocolSet protocols, TimeProvider time)
{
    public const int DefaultMaxChanges = 200;
    public const int MaxChanges = 1000;
    private const string DocumentFileName = ProtocolValidation.DefaultFileName;

    public async Task<GetProtocolImpactResponse> AssessAsync(GetProtocolImpactRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inForce = policies.Current
            ?? throw ProtocolCatalogue.NothingInForce();
        var (fileName, text) = await CandidateAsync(request, cancellationToken);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var loaded = protocols.CompileBeside(inForce, fileName, text, today);
        var findings = ProtocolValidation.FindingsOf(loaded, fileName);
        var response = new GetProtocolImpactResponse();
        response.Diagnostics.AddRange(ProtocolValidation.Listed(findings, fileName));
        var assessed = loaded.Snapshot?.Protocols.FirstOrDefault(p => p.File == fileName);
        if (loaded.Snapshot is not { } candidate || assessed is null || findings.Any(d => d.Severity == PolicySeverity.Error))
        {
            return response;
        }

        response.Version = assessed.Version;
        response.AgainstVersion = inForce.Protocols.FirstOrDefault(p => p.Id == assessed.Id)?.Version ?? "";
        var stored = (await store.CountItemShapesAsync(cancellationToken))
            .Select(shape => new StoredItems(SharingPolicy.Describe(shape), shape.Count))
            .ToList();
        var on = assessed.Effective > today ? assessed.Effective : today;
        var impact = PolicyImpact.Assess(inForce, candidate, on, stored);

        var limit = request.MaxChanges == 0 ? DefaultMaxChanges : request.MaxChanges;
        response.Changes.AddRange(impact.Changes.Take(limit).Select(Wire));
        response.TotalChanges = (ulong)impact.Changes.Count;
        response.DecisionsCompared = (ulong)impact.DecisionsCompared;
        response.StoredItemsAffected = (ulong)impact.StoredItemsAffected;
        return response;
    }

    /// <summary>The candidate's document and the name its diagnostics give it; a malformed request is refused here.</summary>
    private async Task<(string FileName, string Text)> CandidateAsync(GetProtocolImpactRequest request, CancellationToken cancellationToken)
    {
        var problems = new FieldViolations();
        if (request.MaxChanges is < 0 or > MaxChanges)
            problems.Add("max_changes", $"Ask for 1 to {MaxChanges} changes, or 0 for {DefaultMaxChanges}; the totals count every change whatever the limit.");
        string? id = null, version = null;
        switch (request.CandidateCase)
        {
            case GetProtocolImpactRequest.CandidateOneofCase.Stored:
                id = request.Stored.ProtocolId.Trim();
                version = request.Stored.Version.Trim();
                if (id.Length == 0) problems.Add("stored.protocol_id", "Missing: name the protocol by its id, e.g. wales-anti-trafficking-isp (ListProtocols shows every id).");
                if (version.Length == 0) problems.Add("stored.version", "Missing: name the stored version to assess, as written in its document, e.g. 2.3.");
                break;
            case GetProtocolImpactRequest.CandidateOneofCase.DocumentText:
                if (string.IsNullOrWhiteSpace(request.DocumentText))
                    problems.Add("document_text", "Missing: send the complete YAML document of the protocol, as it would be saved in policies/protocols/.");
                else if (request.DocumentText.Length > ProtocolValidation.MaxDocumentLength)
                    problems.Add("document_text", $"The document is {request.DocumentText.Length} characters long; the most the hub assesses is {ProtocolValidation.MaxDocumentLength}.");
                break;
            default:
                problems.Add("candidate", "Missing: set stored (a protocol id and version the hub has stored) or document_text (a complete YAML document), exactly one of them.");
                break;
        }
        problems.ThrowIfAny("No impact was assessed");
        if (id is null) return (DocumentFileName, request.DocumentText);

        var versions = await store.ListProtocolVersionsAsync(cancellationToken);
        var record = versions.FirstOrDefault(v => v.ProtocolId == id && v.Version == version);
        if (record is null)
        {
            var stored = versions.Where(v => v.ProtocolId == id).Select(v => v.Version).ToList();
            throw new RpcException(new Status(StatusCode.NotFound, stored.Count == 0
                ? $"The hub has stored no version of a protocol '{id}'. Check the id (ListProtocols shows every protocol), or send the document as document_text."
                : $"The hub has stored no version '{version}' of protocol {id}; its stored versions are {string.Join(", ", stored)}."));
        }
        return ($"{id} version {version}", record.DocumentText);
    }

    private static ProtocolImpactChange Wire(ImpactChange change)
    {
        var wire = new ProtocolImpactChange
        {
            OriginatorAgencyId = change.Originator,
            RecipientAgencyId = change.Recipient,
            Role = change.Role is not null && RoleNames.TryParse(change.Role, out var role) ? (Role)(int)role : Role.Unspecified,
            Team = change.Team ?? "",
            PurposeId = change.Purpose ?? "",
            Action = WireAction(change.Action),
            Kind = (Contracts.V1.ItemKind)(int)change.Kind,
            Grading = change.Handling == 0 ? "" : change.Handling.ToString(),
            OldView = change.Was.IsPermit ? DisclosureProjection.WireView(change.Was.View) : Contracts.V1.DisclosureView.Unspecified,
            NewView = change.Now.IsPermit ? DisclosureProjection.WireView(change.Now.View) : Contracts.V1.DisclosureView.Unspecified,
            OldBasis = Basis(change.Was),
            NewBasis = Basis(change.Now),
            StoredItems = (ulong)change.StoredItems,
        };
        return wire;
    }

    /// <summary>The deciding rule; none for a deny by default (a denial by a rule or a protocol past review names its rule).</summary>
    private static Contracts.V1.DecisionBasis? Basis(Decision decision) =>
        decision.Rule is { } rule ? DisclosureProjection.Basis(rule.Protocol.Id, rule.Protocol.Version, rule.Id) : null;

    private static PolicyAction WireAction(SharingAction action) => action switch
    {
        SharingAction.Receive => PolicyAction.Receive,
        SharingAction.View => PolicyAction.View,
        SharingAction.Search => PolicyAction.Search,
        SharingAction.Compile => PolicyAction.Compile,
        _ => PolicyAction.Disseminate,
    };
}
