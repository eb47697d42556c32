using IntelHub.Domain.Classification;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;

namespace IntelHub.Policy.Compilation;

/// <summary>A protocol as published: its identity, its validity window and its parties.</summary>
public sealed class CompiledProtocol
{
    internal CompiledProtocol(string id, string version, string title, ProtocolKind kind, string file, DateOnly effective, DateOnly review, IndexSet parties, int covers)
    {
        Id = id;
        Version = version;
        Title = title;
        Kind = kind;
        File = file;
        Effective = effective;
        Review = review;
        Parties = parties;
        Covers = covers;
    }

    public string Id { get; }

    public string Version { get; }

    public string Title { get; }

    public ProtocolKind Kind { get; }

    public string File { get; }

    public DateOnly Effective { get; }

    /// <summary>The agency that owns the protocol and proposes its versions.</summary>
    public string Owner { get; init; } = "";

    /// <summary>The agencies whose approval the version records.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>The longest review period the protocol allows per item kind; a kind it does not list has no cap from it.</summary>
    public IReadOnlyDictionary<ItemKind, Retention.RetentionPeriod> Retention { get; init; } = new Dictionary<ItemKind, Retention.RetentionPeriod>();

    /// <summary>The personal-data categories the protocol covers; it shares no item holding any other.</summary>
    public PersonalDataCategories PersonalData { get; init; }

    /// <summary>The longest review period the protocol allows for an item holding each personal-data category.</summary>
    public IReadOnlyDictionary<PersonalDataCategories, Retention.RetentionPeriod> CategoryRetention { get; init; } = new Dictionary<PersonalDataCategories, Retention.RetentionPeriod>();

    /// <summary>The protocol file as written: what the hub records as the published version.</summary>
    public string DocumentText { get; init; } = "";

    /// <summary>The last day the protocol authorises anything; after it the protocol is out of date.</summary>
    public DateOnly Review { get; }

    internal IndexSet Parties { get; }

    /// <summary>Bit (1 &lt;&lt; ItemKind) for each kind of item the protocol covers.</summary>
    internal int Covers { get; }

    public bool IsInForce(DateOnly day) => day >= Effective && day <= Review;

    public bool CoversKind(ItemKind kind) => (Covers & (1 << (int)kind)) != 0;
}

/// <summary>Why a rule did not apply to a request; <see cref="None"/> when it did.</summary>
public enum RuleMismatch
{
    None = 0,
    ProtocolNotInForce,
    RequesterNotInTo,
    OriginatorNotInFrom,
    Action,
    Kind,
    Purpose,
    Role,
    Team,
    Classification,
    Handling,
    LegacyHandling,
    Exploitation,
    Victims,
    Area,
    PersonalDataCondition,
    PersonalDataNotCovered,
}

/// <summary>
/// A rule with every name resolved to indices and every list to a bit mask or <see cref="IndexSet"/>: matching a
/// request is a handful of mask tests. Agency sets are already intersected with the protocol's parties.
/// </summary>
public sealed class CompiledRule
{
    internal CompiledRule(CompiledProtocol protocol, string id, DecisionEffect effect, SourcePosition at)
    {
        Protocol = protocol;
        Id = id;
        Effect = effect;
        At = at;
    }

    public CompiledProtocol Protocol { get; }

    public string Id { get; }

    public DecisionEffect Effect { get; }

    public SourcePosition At { get; }

    public DisclosureView View { get; internal set; }

    public Obligations Obligations { get; internal set; }

    /// <summary>The name of the legal basis the rule's flow relies on (permits only).</summary>
    public string? LegalBasis { get; internal set; }

    /// <summary>Position in the published set: protocols by id, then rules in file order. Ties go to the earlier rule.</summary>
    internal int Order { get; set; }

    internal IndexSet From { get; set; } = null!;

    internal IndexSet To { get; set; } = null!;

    internal int Actions { get; set; }

    internal int Kinds { get; set; }

    internal IndexSet Purposes { get; set; } = null!;

    /// <summary>Null when the rule applies to every role.</summary>
    internal IndexSet? Roles { get; set; }

    /// <summary>Null when the rule applies whatever the user's team; otherwise the teams (agencies.yaml) it is for.</summary>
    internal IndexSet? Teams { get; set; }

    internal int Classifications { get; set; }

    internal int Handling { get; set; }

    internal int Legacy { get; set; }

    internal int Exploitation { get; set; }

    internal int Victims { get; set; }

    /// <summary>Null when the rule does not look at the item's area.</summary>
    internal IndexSet? Areas { get; set; }

    /// <summary>The rule's areas include the requester's own areas (the word <c>recipient-areas</c>).</summary>
    internal bool AreasOfRecipient { get; set; }

    /// <summary>Non-zero: the item must have at least one of these categories (a condition of the rule).</summary>
    internal int PersonalDataAny { get; set; }

    /// <summary>For permits, the categories the protocol covers: the item may have no others.</summary>
    internal int PersonalDataAllowed { get; set; }

    internal bool IsDeny => Effect == DecisionEffect.Deny;

    /// <summary>The first reason this rule does not apply, in the order a reader would check them.</summary>
    internal RuleMismatch FirstMismatch(in DecisionRequest request, IndexSet[] agencyAreas) =>
        Protocol.IsInForce(request.On) ? MismatchApartFromDates(in request, agencyAreas) : RuleMismatch.ProtocolNotInForce;

    /// <summary>
    /// Whether this permit would have applied but for its protocol having passed its review date: such a rule
    /// authorises nothing, and a denial it leaves behind names its protocol (<see cref="DecisionReason.ProtocolPastReview"/>).
    /// </summary>
    internal bool LapsedAtReview(in DecisionRequest request, IndexSet[] agencyAreas) =>
        !IsDeny && request.On > Protocol.Review && MismatchApartFromDates(in request, agencyAreas) == RuleMismatch.None;

    /// <summary>The first reason this rule does not apply, its protocol's dates aside.</summary>
    private RuleMismatch MismatchApartFromDates(in DecisionRequest request, IndexSet[] agencyAreas)
    {
        if (!To.Contains(request.Requester.Index))
        {
            return RuleMismatch.RequesterNotInTo;
        }

        var item = request.Item;
        if (!From.Contains(item.Originator.Index))
        {
            return RuleMismatch.OriginatorNotInFrom;
        }

        if ((Actions & (1 << (int)request.Action)) == 0)
        {
            return RuleMismatch.Action;
        }

        if ((Kinds & (1 << (int)item.Kind)) == 0)
        {
            return RuleMismatch.Kind;
        }

        // Receiving is routing to an agency: nobody has declared a purpose or acts in a role until a user
        // opens the item, and that view is decided again with both.
        if (request.Action != SharingAction.Receive)
        {
            if (!Purposes.Contains(request.Purpose.Index))
            {
                return RuleMismatch.Purpose;
            }

            if (Roles is not null && !Roles.Contains(request.Role.Index))
            {
                return RuleMismatch.Role;
            }

            if (Teams is not null && !Teams.Contains(request.Team.Index))
            {
                return RuleMismatch.Team;
            }
        }

        return ItemMismatch(in item, request.Requester.Index, agencyAreas);
    }

    private RuleMismatch ItemMismatch(in ItemFacts item, int requester, IndexSet[] agencyAreas)
    {
        if ((Classifications & (1 << (int)item.Classification)) == 0)
        {
            return RuleMismatch.Classification;
        }

        if ((Handling & (1 << (int)item.Handling)) == 0)
        {
            return RuleMismatch.Handling;
        }

        if ((Legacy & (1 << (int)item.LegacyHandling)) == 0)
        {
            return RuleMismatch.LegacyHandling;
        }

        if ((Exploitation & (1 << (int)item.Exploitation)) == 0)
        {
            return RuleMismatch.Exploitation;
        }

        if ((Victims & (1 << (int)item.Victims)) == 0)
        {
            return RuleMismatch.Victims;
        }

        // A deny keyed on the area also fires for an item that names none: leaving a fact out never dodges a deny.
        if (Areas is not null
            && !(IsDeny && item.Area.Index < 0)
            && !Areas.Contains(item.Area.Index)
            && !(AreasOfRecipient && agencyAreas[requester].Contains(item.Area.Index)))
        {
            return RuleMismatch.Area;
        }

        var data = (int)item.PersonalData;
        if (PersonalDataAny != 0 && (data & PersonalDataAny) == 0)
        {
            return RuleMismatch.PersonalDataCondition;
        }

        return (data & ~PersonalDataAllowed) != 0 ? RuleMismatch.PersonalDataNotCovered : RuleMismatch.None;
    }

    public override string ToString() => $"{Protocol.Id} v{Protocol.Version} rule {Id}";
}
