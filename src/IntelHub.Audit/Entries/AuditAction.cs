namespace IntelHub.Audit.Entries;

/// <summary>
/// What an audit entry records. The numeric values are the action codes written into the canonical
/// encoding (docs/audit.md): they are part of the log format and never change or get reused.
/// </summary>
public enum AuditAction : byte
{
    /// <summary>An agency submitted an item.</summary>
    Submission = 1,

    /// <summary>The policy decided, for one party, whether and in which view an item is routed.</summary>
    RoutingDecision = 2,

    /// <summary>An item was disclosed by showing a view of it.</summary>
    DisclosureByView = 3,

    /// <summary>An item was disclosed as a search result.</summary>
    DisclosureBySearch = 4,

    /// <summary>An item was delivered to an agency's inbox stream.</summary>
    Delivery = 5,

    /// <summary>The receiving agency acknowledged a delivery.</summary>
    Acknowledgement = 6,

    /// <summary>An agency asked the originator for more than the "exists, refer to originator" view.</summary>
    ReferToOriginatorRequest = 7,

    /// <summary>The originator decided on a refer-to-originator request.</summary>
    ReferToOriginatorDecision = 8,

    /// <summary>A protocol owner proposed a new protocol version.</summary>
    ProtocolProposal = 9,

    /// <summary>A named approver approved a proposed protocol version.</summary>
    ProtocolApproval = 10,

    /// <summary>A protocol version was published and took effect.</summary>
    ProtocolPublication = 11,

    /// <summary>A request was denied.</summary>
    Denial = 12,

    /// <summary>An item's content was disposed of after its review date; its hashes and decisions remain.</summary>
    Disposal = 13,

    /// <summary>A search was run: its terms as match keys, the purpose and justification, and how many items it disclosed (none included).</summary>
    Search = 14,

    /// <summary>A protocol owner retired a protocol: from the entry's time (or the stated one) it authorises nothing.</summary>
    ProtocolRetirement = 15,

    /// <summary>A protocol owner put the version in force before the current one back in force.</summary>
    ProtocolRollback = 16,
}
