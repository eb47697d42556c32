using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using IntelHub.Contracts.V1;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Grading;
using IntelHub.Server.Reports;
using IntelHub.Server.Sharing;
using IntelHub.Storage;
using PolicyObligations = IntelHub.Policy.Decisions.Obligations;
using PolicyView = IntelHub.Policy.Decisions.DisclosureView;

namespace IntelHub.Server.Disclosures;

/// <summary>
/// Projects a stored item to exactly what one recipient may see. The view decides which content
/// case is filled; the full text can only ever leave the hub in the FULL case, and the sanitised
/// view is built from the sanitised text alone, never from the full text.
/// </summary>
public sealed class DisclosureProjection(SharingPolicy sharing)
{
    public DisclosedItem Project(StoredItem item, PolicyView view, PolicyObligations obligations, Contracts.V1.DecisionBasis basis)
    {
        ArgumentNullException.ThrowIfNull(item);
        var disclosed = new DisclosedItem
        {
            ItemId = item.ItemId,
            Kind = WireKind(item.Kind),
            Originator = Agency(item.OriginatorAgencyId),
            Submitted = new Attribution { Agency = Agency(item.OriginatorAgencyId), At = Timestamp.FromDateTimeOffset(item.CreatedAt) },
            Basis = basis,
        };
        var effective = Effective(item, view);
        switch (effective)
        {
            case PolicyView.Full:
                disclosed.View = Contracts.V1.DisclosureView.Full;
                disclosed.Full = Full(item);
                break;
            case PolicyView.Sanitised:
                disclosed.View = Contracts.V1.DisclosureView.Sanitised;
                disclosed.Sanitised = Sanitised(item);
                break;
            default:
                disclosed.View = Contracts.V1.DisclosureView.ExistenceOnly;
                disclosed.ExistenceOnly = new ReferToOriginator
                {
                    Originator = Agency(item.OriginatorAgencyId),
                    ContactPoint = $"{sharing.NameOf(item.OriginatorAgencyId)} intelligence bureau",
                    ItemId = item.ItemId,
                };
                obligations |= PolicyObligations.ReferToOriginator;
                break;
        }
        disclosed.Obligations.AddRange(Obligations(obligations, item));
        return disclosed;
    }

    /// <summary>The view actually released: an item with no sanitised text cannot be released sanitised (software never writes one).</summary>
    public static PolicyView Effective(StoredItem item, PolicyView view) =>
        view == PolicyView.Sanitised && string.IsNullOrEmpty(item.SanitisedText) ? PolicyView.ExistenceOnly : view;

    public static Contracts.V1.DecisionBasis Basis(string protocolId, string version, string rule) =>
        new() { ProtocolId = protocolId, ProtocolVersion = version, RuleId = rule };

    public static string ViewName(PolicyView view) => view switch
    {
        PolicyView.Full => "full",
        PolicyView.Sanitised => "sanitised",
        PolicyView.ExistenceOnly => "existence-only",
        _ => "none",
    };

    /// <summary>The view actually released, which audit and metrics record (the projection may narrow the decided one).</summary>
    public static string ViewName(DisclosedItem disclosed)
    {
        ArgumentNullException.ThrowIfNull(disclosed);
        return disclosed.View switch
        {
            Contracts.V1.DisclosureView.Full => ViewName(PolicyView.Full),
            Contracts.V1.DisclosureView.Sanitised => ViewName(PolicyView.Sanitised),
            Contracts.V1.DisclosureView.ExistenceOnly => ViewName(PolicyView.ExistenceOnly),
            _ => ViewName(PolicyView.None),
        };
    }

    /// <summary>A permitted view on the wire.</summary>
    public static Contracts.V1.DisclosureView WireView(PolicyView view) => view switch
    {
        PolicyView.Full => Contracts.V1.DisclosureView.Full,
        PolicyView.Sanitised => Contracts.V1.DisclosureView.Sanitised,
        _ => Contracts.V1.DisclosureView.ExistenceOnly,
    };

    public static PolicyView ViewFrom(string stored) => stored switch
    {
        "full" => PolicyView.Full,
        "sanitised" => PolicyView.Sanitised,
        "existence-only" => PolicyView.ExistenceOnly,
        _ => PolicyView.None,
    };

    public AgencyRef Agency(string agencyId)
    {
        var known = sharing.Find(agencyId);
        return new AgencyRef { AgencyId = agencyId, DisplayName = known?.Name ?? agencyId, Kind = (AgencyKind)(int)sharing.KindOf(agencyId) };
    }

    private FullContent Full(StoredItem item)
    {
        var full = new FullContent
        {
            FullText = item.FullText ?? "",
            SanitisedText = item.SanitisedText ?? "",
            Classification = WireClassification(item.Classification),
            ReviewDate = new Google.Type.Date { Year = item.ReviewDate.Year, Month = item.ReviewDate.Month, Day = item.ReviewDate.Day },
            OriginatorReference = item.OriginatorReference ?? "",
            Subject = Subject(item, withPersonalDetail: true),
        };
        if (WireGrading(item) is { } grading) full.Grading = grading;
        full.HandlingConditions.AddRange(item.HandlingConditions.Select(WireCondition));
        return full;
    }

    private SanitisedContent Sanitised(StoredItem item)
    {
        var sanitised = new SanitisedContent
        {
            SanitisedText = item.SanitisedText ?? "",
            Classification = WireClassification(item.Classification),
            Subject = Subject(item, withPersonalDetail: false),
        };
        if (WireGrading(item) is { } grading) sanitised.Grading = grading;
        return sanitised;
    }

    /// <summary>The subject: in full as submitted, or (sanitised) only themes, areas and period: no entities, no personal data.</summary>
    private ItemSubject Subject(StoredItem item, bool withPersonalDetail)
    {
        var stored = item.SubjectDocument is { Length: > 0 } bytes ? ItemSubject.Parser.ParseFrom(bytes) : new ItemSubject();
        var subject = new ItemSubject { Occurred = stored.Occurred };
        subject.Themes.AddRange(item.Themes.Select(t => ThemeWire.ToWire(Domain.Themes.Theme.Parse(t))));
        subject.Areas.AddRange(item.Areas.Select(code => new Contracts.V1.Area { GssCode = code, DisplayName = sharing.Areas.ByGss(code)?.Name ?? "" }));
        if (withPersonalDetail)
        {
            subject.Entities.AddRange(stored.Entities);
            subject.PersonalDataCategories.AddRange(stored.PersonalDataCategories);
        }
        return subject;
    }

    private static IEnumerable<Obligation> Obligations(PolicyObligations obligations, StoredItem item)
    {
        foreach (var obligation in ObligationsOf(obligations)) yield return obligation;
        foreach (var other in item.HandlingConditions.Where(c => c.StartsWith(StoredNames.OtherPrefix, StringComparison.Ordinal)))
            yield return new Obligation { Kind = ObligationKind.Other, Text = other[StoredNames.OtherPrefix.Length..] };
        yield return new Obligation { Kind = ObligationKind.HandleAsClassified, Text = $"Handle as {item.Classification}." };
    }

    /// <summary>The obligations a decision attaches, in the recipient's words (the item's own conditions come on top).</summary>
    public static IEnumerable<Obligation> ObligationsOf(PolicyObligations obligations)
    {
        if (obligations.HasFlag(PolicyObligations.NoOnwardDissemination))
            yield return new Obligation { Kind = ObligationKind.NoOnwardDissemination, Text = "Do not pass this item, or anything from it, to anyone else." };
        if (obligations.HasFlag(PolicyObligations.NotForEvidentialUse))
            yield return new Obligation { Kind = ObligationKind.NotForEvidentialUse, Text = "Not for evidential use." };
        if (obligations.HasFlag(PolicyObligations.ContactOriginatorBeforeAction))
            yield return new Obligation { Kind = ObligationKind.ContactOriginatorBeforeAction, Text = "Contact the originator before taking any action on this item." };
        if (obligations.HasFlag(PolicyObligations.NotifyOriginator))
            yield return new Obligation { Kind = ObligationKind.Other, Text = "Tell the originator that you received this item: it asked to know of every disclosure." };
        if (obligations.HasFlag(PolicyObligations.NotifyDataSubject))
            yield return new Obligation { Kind = ObligationKind.Other, Text = "Tell the person this information is about that it was shared with you, as the protocol's legal basis requires, unless telling them would put them or others at risk." };
        if (obligations.HasFlag(PolicyObligations.ConsentRecorded))
            yield return new Obligation { Kind = ObligationKind.Other, Text = "This was shared with the person's consent: keep the record of that consent with your case, and stop using the item if the consent is withdrawn." };
        if (obligations.HasFlag(PolicyObligations.ReferToOriginator))
            yield return new Obligation { Kind = ObligationKind.Other, Text = "Only the item's existence is shared: ask the originator, who decides what to release." };
    }

    private static Contracts.V1.ItemKind WireKind(string kind) => kind switch
    {
        "intelligence" => Contracts.V1.ItemKind.Intelligence,
        "product" => Contracts.V1.ItemKind.Product,
        _ => Contracts.V1.ItemKind.Information,
    };

    internal static Contracts.V1.Classification WireClassification(string marking)
    {
        var parsed = SecurityClassification.Parse(marking);
        var wire = new Contracts.V1.Classification
        {
            Level = parsed.Level == Domain.Classification.ClassificationLevel.OfficialSensitive
                ? Contracts.V1.ClassificationLevel.OfficialSensitive
                : Contracts.V1.ClassificationLevel.Official,
        };
        if (parsed.Descriptors.HasFlag(ClassificationDescriptors.Personal)) wire.Descriptors.Add(SensitivityDescriptor.Personal);
        if (parsed.Descriptors.HasFlag(ClassificationDescriptors.Commercial)) wire.Descriptors.Add(SensitivityDescriptor.Commercial);
        if (parsed.Descriptors.HasFlag(ClassificationDescriptors.LocSen)) wire.Descriptors.Add(SensitivityDescriptor.Locsen);
        return wire;
    }

    private static Grading? WireGrading(StoredItem item)
    {
        if (item.Grading is null) return null;
        var grade = Domain.Grading.Grade.Parse(item.Grading);
        var grading = new Grading
        {
            Grade = new Contracts.V1.Grade
            {
                SourceEvaluation = (Contracts.V1.SourceEvaluation)(int)grade.Source,
                IntelligenceAssessment = (Contracts.V1.IntelligenceAssessment)(int)grade.Assessment,
                HandlingCode = grade.Handling == Domain.Grading.HandlingCode.C ? Contracts.V1.HandlingCode.C : Contracts.V1.HandlingCode.P,
            },
        };
        if (item.LegacyGrading is not null)
        {
            var legacy = Domain.Grading.LegacyGrade.Parse(item.LegacyGrading);
            grading.LegacyGrade = new Contracts.V1.LegacyGrade
            {
                SourceEvaluation = (LegacySourceEvaluation)(int)legacy.Source,
                IntelligenceEvaluation = (LegacyIntelligenceEvaluation)(int)legacy.Intelligence,
                HandlingCode = (LegacyHandlingCode)(int)legacy.Handling,
            };
        }
        return grading;
    }

    internal static HandlingCondition WireCondition(string stored) => stored switch
    {
        StoredNames.NoOnwardDissemination => new HandlingCondition { Kind = HandlingConditionKind.NoOnwardDissemination },
        StoredNames.NotForEvidentialUse => new HandlingCondition { Kind = HandlingConditionKind.NotForEvidentialUse },
        StoredNames.ContactOriginatorBeforeAction => new HandlingCondition { Kind = HandlingConditionKind.ContactOriginatorBeforeAction },
        _ => new HandlingCondition { Kind = HandlingConditionKind.Other, Text = stored.StartsWith(StoredNames.OtherPrefix, StringComparison.Ordinal) ? stored[StoredNames.OtherPrefix.Length..] : stored },
    };

    /// <summary>
    /// The salted commitment to exactly what was disclosed, for the audit entry (never the content
    /// itself), under the item's salt. Once the item is disposed of its salt is gone: what is then
    /// disclosed (its existence) is committed under a fresh salt that no one keeps, so it cannot be
    /// opened, as nothing of the item is left to open it with.
    /// </summary>
    public static Audit.Entries.ContentDigest DigestOf(DisclosedItem disclosed, StoredItem item)
    {
        ArgumentNullException.ThrowIfNull(disclosed);
        ArgumentNullException.ThrowIfNull(item);
        var salt = item.ContentSalt ?? Audit.Entries.ContentCommitment.NewSalt();
        return Audit.Entries.ContentCommitment.Commit(Audit.Entries.ContentCommitment.Disclosure, salt, disclosed.ToByteArray());
    }
}
