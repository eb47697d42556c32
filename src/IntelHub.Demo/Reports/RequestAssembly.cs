using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using IntelHub.Contracts.V1;
using IntelHub.Demo.Geography;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.Reports;

/// <summary>
/// Turns a drafted report into the request its agency submits: resolves the agency from the roster,
/// adds the source paragraph to intelligence, grades it, marks it, sets the review date and the
/// period it concerns, and keys it for idempotency.
/// </summary>
internal sealed class RequestAssembly(ScenarioRoster roster, SyntheticIdentities identities, ScenarioRandom random)
{
    /// <summary>
    /// Legacy handling codes in turn, so that even a small scenario has older records with every code,
    /// the withholding 4 and 5 included.
    /// </summary>
    private static readonly LegacyHandlingCode[] LegacyHandlingTurns =
    [
        LegacyHandlingCode._4OriginatorOnly, LegacyHandlingCode._2UkNonProsecuting, LegacyHandlingCode._5ReferToOriginator,
        LegacyHandlingCode._1LawEnforcementUkEea, LegacyHandlingCode._2UkNonProsecuting, LegacyHandlingCode._3NonEeaLawEnforcement,
    ];

    private int _legacyCount;

    public ScenarioSubmission Assemble(ReportDraft draft, DateTimeOffset submittedAt, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var agency = AgencyId(draft.Submitter);
        var user = $"{agency}-{draft.Submitter.Unit}-{random.Between(1, 4)}";
        var day = DateOnly.FromDateTime(submittedAt.UtcDateTime);
        var subject = Subject(draft, submittedAt);
        var classification = Classification(draft);
        var review = ReviewDate(draft, day);
        var reference = identities.Reference($"{draft.Submitter.Code}/{(draft.IsIntelligence ? "INT" : "REF")}", day);
        if (draft.Intelligence is not { } intelligence)
        {
            return ScenarioSubmission.OfInformation(agency, user, submittedAt, new SubmitInformationRequest
            {
                IdempotencyKey = idempotencyKey,
                FullText = draft.InformationText,
                Subject = subject,
                Classification = classification,
                ReviewDate = review,
                OriginatorReference = reference,
            });
        }

        var historic = draft.HistoricYearsBack > 0;
        var grading = historic
            ? GradingDraw.Legacy(random, LegacyHandlingTurns[_legacyCount++ % LegacyHandlingTurns.Length])
            : GradingDraw.Current(intelligence.Source, random);
        if (historic)
        {
            // An older record re-submitted: it happened years before, when 5x5x5 was the model.
            subject.Occurred = Period(submittedAt.AddYears(-draft.HistoricYearsBack).AddDays(-random.Between(0, 200)), random.Between(0, 30));
        }

        var source = IntelligenceSources.Describe(intelligence.Source, draft.Submitter, identities, random, day);
        var full = string.Join(
            "\n",
            new[]
            {
                historic ? "HISTORIC RECORD: migrated from the legacy intelligence system; graded 5x5x5 when it was recorded." : null,
                source,
                "INTELLIGENCE: " + intelligence.Body,
                intelligence.Comment is null ? null : "OFFICER COMMENT: " + intelligence.Comment,
            }.Where(line => line is not null));
        var request = new SubmitIntelligenceRequest
        {
            IdempotencyKey = idempotencyKey,
            FullText = full,
            SanitisedText = intelligence.Sanitised,
            Subject = subject,
            Classification = classification,
            ReviewDate = review,
            OriginatorReference = reference,
        };
        if (grading.Grade is not null)
        {
            request.Grade = grading.Grade;
        }
        else
        {
            request.LegacyGrade = grading.Legacy;
        }

        request.HandlingConditions.AddRange(grading.Conditions);
        return ScenarioSubmission.OfIntelligence(agency, user, submittedAt, request);
    }

    public string AgencyId(Submitter submitter)
    {
        ArgumentNullException.ThrowIfNull(submitter);
        return submitter.Kind switch
        {
            SubmitterKind.Force => submitter.Force switch
            {
                WelshForce.Gwent => roster.Forces.Gwent,
                WelshForce.SouthWales => roster.Forces.SouthWales,
                WelshForce.DyfedPowys => roster.Forces.DyfedPowys,
                _ => roster.Forces.NorthWales,
            },
            SubmitterKind.Riu => roster.Riu,
            SubmitterKind.Council => Council(submitter.Area!),
            SubmitterKind.HealthBoard => HealthBoard(submitter.Area!),
            SubmitterKind.Ngo => (roster.Ngos.FirstOrDefault(n => n.Focus == submitter.Focus) ?? roster.Ngos[0]).AgencyId,
            SubmitterKind.Nca => roster.National.Nca,
            SubmitterKind.ImmigrationEnforcement => roster.National.ImmigrationEnforcement,
            _ => roster.National.Gla,
        };
    }

    /// <summary>The council for the area, else one in the same force area, else the first: a smaller roster still works.</summary>
    private string Council(LocalAuthority area) =>
        (roster.Councils.FirstOrDefault(c => c.GssCode == area.GssCode)
            ?? roster.Councils.FirstOrDefault(c => ForceOf(c.GssCode) == area.Force)
            ?? roster.Councils[0]).AgencyId;

    private string HealthBoard(LocalAuthority area) =>
        (roster.HealthBoards.FirstOrDefault(h => h.GssCodes.Contains(area.GssCode))
            ?? roster.HealthBoards.FirstOrDefault(h => h.GssCodes.Any(code => ForceOf(code) == area.Force))
            ?? roster.HealthBoards[0]).AgencyId;

    private static WelshForce? ForceOf(string gssCode) =>
        WelshGeography.LocalAuthorities.FirstOrDefault(a => a.GssCode == gssCode)?.Force;

    private ItemSubject Subject(ReportDraft draft, DateTimeOffset submittedAt)
    {
        var subject = new ItemSubject();
        subject.Themes.AddRange(draft.Themes);
        foreach (var authority in draft.Places.Select(p => p.Authority).Distinct())
        {
            subject.Areas.Add(new Area { GssCode = authority.GssCode });
        }

        foreach (var force in draft.Places.Select(p => p.Authority.Force).Distinct())
        {
            subject.Areas.Add(new Area { GssCode = WelshGeography.ForceAreaCode(force) });
        }

        // Partners report within days; intelligence is often about weeks of activity.
        var lead = draft.IsIntelligence ? random.Between(3, 60) : random.Between(1, 21);
        var length = draft.IsIntelligence ? random.Between(0, 14) : random.Between(0, 3);
        subject.Occurred = Period(submittedAt.AddDays(-lead).AddHours(-random.Between(0, 12)), Math.Min(length, lead - 1));
        subject.Entities.AddRange(draft.Entities);
        subject.PersonalDataCategories.AddRange(Categories(draft));
        return subject;
    }

    private static Google.Type.Interval Period(DateTimeOffset start, int days) => new()
    {
        StartTime = Timestamp.FromDateTimeOffset(start),
        EndTime = Timestamp.FromDateTimeOffset(start.AddDays(days).AddHours(2)),
    };

    private static IEnumerable<PersonalDataCategory> Categories(ReportDraft draft)
    {
        var people = draft.Entities.Where(e => e.KindCase == Entity.KindOneofCase.Person).Select(e => e.Person).ToList();
        if (people.Count > 0)
        {
            yield return PersonalDataCategory.Identifiers;
        }

        if (draft.Entities.Any(e => e.KindCase is Entity.KindOneofCase.PhoneNumber or Entity.KindOneofCase.Location))
        {
            yield return PersonalDataCategory.ContactDetails;
        }

        if (draft.Submitter.Kind == SubmitterKind.HealthBoard && people.Count > 0)
        {
            yield return PersonalDataCategory.Health;
        }

        if (people.Any(p => p.Nationalities.Any(n => n != "GB")))
        {
            yield return PersonalDataCategory.NationalityAndImmigration;
        }

        if (draft.Themes.Any(t => t.ExploitationType == ExploitationType.Sexual) && people.Count > 0)
        {
            yield return PersonalDataCategory.SexLifeOrOrientation;
        }

        if (draft.IsIntelligence || draft.Entities.Any(e => e.Role == EntityRole.Suspect))
        {
            yield return PersonalDataCategory.CriminalOffence;
        }

        if (draft.Themes.Any(t => t.ExploitationType is ExploitationType.Labour or ExploitationType.DomesticServitude))
        {
            yield return PersonalDataCategory.Financial;
        }
    }

    /// <summary>OFFICIAL-SENSITIVE with PERSONAL wherever people are named; OFFICIAL for premises-only reports.</summary>
    private Classification Classification(ReportDraft draft)
    {
        if (!draft.MentionsPeople && !draft.IsIntelligence && random.Chance(0.8))
        {
            return new Classification { Level = ClassificationLevel.Official };
        }

        if (!draft.MentionsPeople && draft.IsIntelligence && random.Chance(0.3))
        {
            return new Classification { Level = ClassificationLevel.Official };
        }

        var marking = new Classification { Level = ClassificationLevel.OfficialSensitive };
        if (draft.MentionsPeople)
        {
            marking.Descriptors.Add(SensitivityDescriptor.Personal);
        }

        if (draft.Submitter.Kind == SubmitterKind.Riu || (draft.IsIntelligence && random.Chance(0.1)))
        {
            marking.Descriptors.Add(SensitivityDescriptor.Locsen);
        }

        return marking;
    }

    /// <summary>
    /// MoPI review: intelligence about children or organ harvesting as serious (10 years), other
    /// intelligence 6 years; partners' information by the protocol's retention (3 years).
    /// </summary>
    private static Google.Type.Date ReviewDate(ReportDraft draft, DateOnly submitted)
    {
        var years = !draft.IsIntelligence ? 3
            : draft.ConcernsMinors || draft.Themes.Any(t => t.ExploitationType == ExploitationType.OrganHarvesting) ? 10
            : 6;
        var review = submitted.AddYears(years);
        return new Google.Type.Date { Year = review.Year, Month = review.Month, Day = review.Day };
    }

    /// <summary>A key for submission number <paramref name="index"/> of a scenario whose options and roster hash to <paramref name="fingerprint"/>.</summary>
    public static string IdempotencyKey(int seed, string fingerprint, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"wales-demo-{seed}-{fingerprint}-{index:D4}");
}
