using IntelHub.Domain.Items;
using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Compilation;

public sealed partial class PolicySnapshot
{
    /// <summary>
    /// The widest view an originator may grant on a refer-to-originator request: what the protocols could permit the
    /// requester (its agency, role and declared purpose, viewing, today) had the originator not kept the decision to
    /// itself. The protocols must permit the requester at least to know of the item (otherwise: none). Within that,
    /// the view of the rule that decided, narrowed by everything but the referral itself: the originator's
    /// sanitised-only condition, intelligence never in full to an agency that is not law enforcement, and a sanitised
    /// view only where the item has a sanitised text. A grant is a one-off disclosure under that ceiling; it widens no
    /// protocol.
    /// </summary>
    public DisclosureView GrantCeiling(ItemRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, decision, _) = Deciding(request);
        if (!decision.IsPermit || decision.View == DisclosureView.None || decision.Rule is not { } rule)
        {
            return DisclosureView.None;
        }

        var facts = Prepare(request.Item).Facts;
        var view = rule.View;
        if ((facts.Conditions & OriginatorConditions.SanitisedOnly) != 0 && view > DisclosureView.Sanitised)
        {
            view = DisclosureView.Sanitised;
        }

        if (facts.Kind == ItemKind.Intelligence && !IsLawEnforcement(Agency(request.Requester)) && view > DisclosureView.Sanitised)
        {
            view = DisclosureView.Sanitised;
        }

        return view == DisclosureView.Sanitised && !facts.HasSanitisedText ? DisclosureView.ExistenceOnly : view;
    }
}
