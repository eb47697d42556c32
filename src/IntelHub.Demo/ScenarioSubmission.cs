using IntelHub.Contracts.V1;

namespace IntelHub.Demo;

/// <summary>
/// One request of the scenario, with who submits it and when: the hub submits it through its own
/// submission path as <see cref="UserId"/> of <see cref="SubmittingAgencyId"/>, so routing, policy and
/// audit apply as to any other submission. Exactly one of <see cref="Information"/> and
/// <see cref="Intelligence"/> is set.
/// </summary>
public sealed record ScenarioSubmission
{
    private ScenarioSubmission(
        string agencyId, string userId, DateTimeOffset at, SubmitInformationRequest? information, SubmitIntelligenceRequest? intelligence)
    {
        SubmittingAgencyId = agencyId;
        UserId = userId;
        SubmittedAt = at;
        Information = information;
        Intelligence = intelligence;
    }

    /// <summary>The submitting agency's id, from the roster.</summary>
    public string SubmittingAgencyId { get; }

    /// <summary>A pseudonymous subject, e.g. "gwent-police-fib-officer-3": never a person's name.</summary>
    public string UserId { get; }

    /// <summary>When, in the scenario period, the submission is made.</summary>
    public DateTimeOffset SubmittedAt { get; }

    public SubmitInformationRequest? Information { get; }

    public SubmitIntelligenceRequest? Intelligence { get; }

    public bool IsIntelligence => Intelligence is not null;

    public string IdempotencyKey => Information?.IdempotencyKey ?? Intelligence!.IdempotencyKey;

    public ItemSubject Subject => Information?.Subject ?? Intelligence!.Subject;

    public string FullText => Information?.FullText ?? Intelligence!.FullText;

    public Classification Classification => Information?.Classification ?? Intelligence!.Classification;

    public Google.Type.Date ReviewDate => Information?.ReviewDate ?? Intelligence!.ReviewDate;

    public static ScenarioSubmission OfInformation(string agencyId, string userId, DateTimeOffset at, SubmitInformationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ScenarioSubmission(agencyId, userId, at, request, null);
    }

    public static ScenarioSubmission OfIntelligence(string agencyId, string userId, DateTimeOffset at, SubmitIntelligenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ScenarioSubmission(agencyId, userId, at, null, request);
    }
}
