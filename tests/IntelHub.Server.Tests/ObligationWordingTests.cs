using IntelHub.Contracts.V1;
using IntelHub.Server.Disclosures;
using PolicyObligations = IntelHub.Policy.Decisions.Obligations;

namespace IntelHub.Server.Tests;

/// <summary>The obligations a recipient reads promise only what happens: the hub sends no notice to an originator.</summary>
public sealed class ObligationWordingTests
{
    [Fact]
    public void A_notify_originator_obligation_asks_the_recipient_to_tell_the_originator_and_promises_no_notice_from_the_hub()
    {
        // Given a protocol rule whose disclosures the originator wants to know of
        // When the recipient reads the obligation attached to such a disclosure
        var obligation = Assert.Single(DisclosureProjection.ObligationsOf(PolicyObligations.NotifyOriginator));

        // Then it tells the recipient to tell the originator, and does not claim that the originator is told
        Assert.Equal(ObligationKind.Other, obligation.Kind);
        Assert.StartsWith("Tell the originator that you received this item", obligation.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("is told", obligation.Text, StringComparison.Ordinal);
    }
}
