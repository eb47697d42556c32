using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Policy.Decisions;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using PolicyEffect = IntelHub.Policy.Decisions.DecisionEffect;
using WireEffect = IntelHub.Contracts.V1.DecisionEffect;
using WireReason = IntelHub.Contracts.V1.DecisionReason;

namespace IntelHub.Server.Sharing;

/// <summary>
/// Explains what the protocols decide for an agency, role and purpose acting on an item or an item shape,
/// through the same translation of items into decision requests as every real decision. Protocol owners and
/// auditors may ask about anything; analysts only about their own agency's items. An explanation of a real
/// item carries decision metadata only, never the item's content.
/// </summary>
internal sealed class DecisionExplainer(SharingPolicy sharing, ReaderDecision decisions, IHubStore store, AuditRecorder audit, TimeProvider time)
{
    public async Task<ExplainDecisionResponse> ExplainAsync(ExplainDecisionRequest request, Caller caller, string method, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var analyst = caller.Role is UserRole.Analyst or UserRole.RiuAnalyst;
        if (!analyst && caller.Role is not (UserRole.ProtocolOwner or UserRole.Auditor))
            await RefuseAsync(caller, method, $"the {RoleNames.NameOf(caller.Role)} role may not ask for explanations", "", cancellationToken);

        var problems = new FieldViolations();
        var (agencyId, role, purposeId, team) = ReadSubject(request.Subject, problems);
        var action = request.Action switch
        {
            PolicyAction.Receive => SharingAction.Receive,
            PolicyAction.View => SharingAction.View,
            PolicyAction.Search => SharingAction.Search,
            PolicyAction.Compile => SharingAction.Compile,
            PolicyAction.Disseminate => SharingAction.Disseminate,
            _ => (SharingAction?)null,
        };
        if (action is null) problems.Add("action", "Choose what the agency would do: receive, view, search, compile or disseminate.");
        StoredItem? shape = null;
        switch (request.TargetCase)
        {
            case ExplainDecisionRequest.TargetOneofCase.ItemId:
                if (!Domain.Items.ItemId.TryParse(request.ItemId, out _, out var idError)) problems.Add("item_id", idError);
                break;
            case ExplainDecisionRequest.TargetOneofCase.ItemShape:
                shape = ItemShapeReader.Read(request.ItemShape, sharing, problems);
                break;
            default:
                problems.Add("target", "Missing: set item_id for an item on the hub, or item_shape for a hypothetical item.");
                break;
        }
        if (request.At is { } at && !TimestampField.IsValid(at))
            problems.Add("at", "Not a valid time: give a time between years 1 and 9999, or leave it unset for now.");
        problems.ThrowIfAny("Nothing was explained");

        var item = shape ?? await ItemAsync(request.ItemId, caller, analyst, method, cancellationToken);
        if (analyst && item.OriginatorAgencyId != caller.AgencyId)
            await RefuseAsync(caller, method, "an analyst may ask only about items of their own agency", request.ItemId, cancellationToken);

        var on = DateOnly.FromDateTime((request.At?.ToDateTime() ?? time.GetUtcNow().UtcDateTime));
        var explanation = sharing.Explain(agencyId, role, purposeId, action!.Value, item, on, team);
        return Response(explanation);
    }

    /// <summary>
    /// The item, when the caller may know of it. An item the caller may not know of is refused exactly as one that
    /// does not exist (or was disposed of): the same status, message and audit entry, after the same work. For an
    /// analyst both are refused like another agency's item.
    /// </summary>
    private async Task<StoredItem> ItemAsync(string itemId, Caller caller, bool analyst, string method, CancellationToken cancellationToken)
    {
        var stored = await store.GetItemAsync(itemId, cancellationToken);
        var item = stored is { DisposedAt: null } ? stored : null;
        var known = decisions.MayKnowOf(item, itemId, caller);
        if (analyst && item?.OriginatorAgencyId != caller.AgencyId)
            await RefuseAsync(caller, method, "an analyst may ask only about items of their own agency", itemId, cancellationToken);
        if (known) return item!;
        await audit.RecordDenialAsync(caller, method, ReaderDecision.NoSuchItem, cancellationToken, itemId);
        throw new RpcException(new Status(StatusCode.NotFound,
            $"No item {itemId} is available to you to explain: there is none on the hub that your agency may know of (it may also have been disposed of at its review date). Check the id, or explain an item_shape instead."));
    }

    private (string AgencyId, string Role, string PurposeId, string? Team) ReadSubject(DecisionSubject? subject, FieldViolations problems)
    {
        if (subject is null)
        {
            problems.Add("subject", "Missing: say who would act: the agency, the user's role and the declared purpose.");
            return ("", "", "", null);
        }
        var agencyId = subject.AgencyId.Trim();
        if (agencyId.Length == 0) problems.Add("subject.agency_id", "Missing: give the agency's id, e.g. cardiff-council.");
        else if (sharing.Find(agencyId) is null) problems.Add("subject.agency_id", $"'{agencyId}' is not an agency in the hub's register (policies/agencies.yaml).");
        var role = subject.Role is Contracts.V1.Role.Unspecified || !Enum.IsDefined(subject.Role) ? null : RoleNames.NameOf((UserRole)(int)subject.Role);
        if (role is null) problems.Add("subject.role", "Choose the role the user would act in, e.g. ROLE_PARTNER_PRACTITIONER.");
        var purposeId = subject.PurposeId.Trim();
        if (purposeId.Length == 0) problems.Add("subject.purpose_id", "Missing: give the declared purpose's id, e.g. safeguarding-adults.");
        else if (!sharing.NamesPurpose(purposeId)) problems.Add("subject.purpose_id", $"No published protocol names the purpose '{purposeId}'; use a purpose a protocol lists under purposes (GetProtocol shows them).");
        var team = subject.Team.Trim();
        if (team.Length > 0 && agencyId.Length > 0 && sharing.Find(agencyId) is not null && !sharing.TeamsOf(agencyId).Contains(team, StringComparer.Ordinal))
        {
            var teams = sharing.TeamsOf(agencyId);
            problems.Add("subject.team", teams.Count == 0
                ? $"{agencyId} has no teams in policies/agencies.yaml: leave the team empty."
                : $"{agencyId} has no team '{team}' (its teams: {string.Join(", ", teams)}); use one of them or leave it empty.");
        }
        return (agencyId, role ?? "", purposeId, team.Length == 0 ? null : team);
    }

    private async Task RefuseAsync(Caller caller, string method, string reason, string itemId, CancellationToken cancellationToken)
    {
        await audit.RecordDenialAsync(caller, method, reason, cancellationToken, itemId);
        throw new RpcException(new Status(StatusCode.PermissionDenied,
            $"Refused: {reason}. Protocol owners and auditors may ask about any item or item shape; analysts about their own agency's items. Ask your agency's protocol owner."));
    }

    private static ExplainDecisionResponse Response(Explanation explanation)
    {
        var decision = explanation.Decision;
        var response = new ExplainDecisionResponse
        {
            Effect = decision.IsPermit ? WireEffect.Permit : WireEffect.Deny,
            Summary = (decision.IsPermit ? "permitted: " : "denied: ") + explanation.Reason,
        };
        if (decision.Rule is { } rule) response.Basis = DisclosureProjection.Basis(rule.Protocol.Id, rule.Protocol.Version, rule.Id);
        if (decision.IsPermit)
        {
            response.View = DisclosureProjection.WireView(decision.View);
            response.Obligations.AddRange(DisclosureProjection.ObligationsOf(decision.Obligations));
        }
        // The deciding rule first, then the others in decision order.
        (string, string)? deciding = decision.Rule is null ? null : (decision.Rule.Protocol.Id, decision.Rule.Id);
        foreach (var trace in explanation.Rules.OrderBy(t => (t.ProtocolId, t.RuleId) == deciding ? 0 : 1))
        {
            response.Reasons.Add(new WireReason
            {
                Rule = DisclosureProjection.Basis(trace.ProtocolId, trace.ProtocolVersion, trace.RuleId),
                Effect = trace.Effect == PolicyEffect.Permit ? WireEffect.Permit : WireEffect.Deny,
                Matched = trace.Matched,
                Explanation = trace.Outcome,
            });
        }
        return response;
    }
}
