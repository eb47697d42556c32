using IntelHub.Contracts.V1;

namespace IntelHub.Server.Tests;

/// <summary>Synthetic reports for the journeys: made-up people, numbers and places only.</summary>
internal static class SampleReports
{
    public const string Cardiff = "W06000015";
    public const string ValeOfGlamorgan = "W06000014";
    public const string SourceMarker = "CHIS reference SWP-CHIS-0417";

    public static SubmitIntelligenceRequest LabourIntelligence(string key, string phoneAsTyped = "07700 900123", string area = Cardiff) => new()
    {
        IdempotencyKey = key,
        FullText = $"{SourceMarker} reports that workers at Brightwash Hand Car Wash, Penarth Road, are housed above the premises and their passports are held by the manager, contact {phoneAsTyped}.",
        SanitisedText = "Workers at a hand car wash in Cardiff are believed to be housed on site with their identity documents withheld.",
        Grade = new Contracts.V1.Grade { SourceEvaluation = SourceEvaluation.Reliable, IntelligenceAssessment = IntelligenceAssessment.KnownIndirectlyCorroborated, HandlingCode = HandlingCode.P },
        Subject = Subject(area, ExploitationType.Labour, new Entity { PhoneNumber = new PhoneNumber { Number = phoneAsTyped } }),
        Classification = OfficialSensitivePersonal,
        ReviewDate = InYears(6),
        OriginatorReference = "SWP/INT/26/0042",
    };

    public static SubmitInformationRequest SafeguardingConcern(string key, string area = Cardiff) => new()
    {
        IdempotencyKey = key,
        FullText = "Caseworker met a woman at the Cardiff drop-in who says she works unpaid in a private house in Grangetown and cannot leave; she gave her first name only.",
        Subject = Subject(area, ExploitationType.DomesticServitude, new Entity { Person = new Person { FullName = "Amira Testname" } }),
        Classification = OfficialSensitivePersonal,
        ReviewDate = InYears(3),
    };

    public static Purpose Purpose(string purposeId) => new() { PurposeId = purposeId, Justification = "Journey test: safeguarding referral follow-up", CaseReference = "TEST-1" };

    /// <summary>The purpose a user reads the inbox for: safeguarding for partners' practitioners, disrupting trafficking for law enforcement.</summary>
    public static Purpose InboxPurpose(HubUser user) =>
        Purpose(user.Role == Identity.UserRole.PartnerPractitioner ? "safeguarding-victims" : "disrupt-trafficking");

    public static ItemSubject Subject(string area, ExploitationType exploitation, params Entity[] entities)
    {
        var subject = new ItemSubject
        {
            Themes = { new Contracts.V1.Theme { ExploitationType = exploitation, VictimAgeGroup = VictimAgeGroup.Adult } },
            Areas = { new Area { GssCode = area } },
        };
        subject.Entities.AddRange(entities);
        return subject;
    }

    public static Classification OfficialSensitivePersonal => new()
    {
        Level = ClassificationLevel.OfficialSensitive,
        Descriptors = { SensitivityDescriptor.Personal },
    };

    public static Google.Type.Date InYears(int years)
    {
        var date = DateTime.UtcNow.AddYears(years);
        return new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day };
    }
}
