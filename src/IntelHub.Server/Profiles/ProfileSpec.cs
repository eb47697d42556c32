using IntelHub.Contracts.V1;
using IntelHub.Policy.Compilation;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Reports;
using IntelHub.Server.Validation;

namespace IntelHub.Server.Profiles;

/// <summary>
/// A compile request that passed every check: the period and the previous period of the same length, the areas and
/// themes in scope, the purpose, and the suppression threshold of the partner release.
/// </summary>
internal sealed record ProfileSpec
{
    /// <summary>The least suppression threshold accepted: counts of 1 and 2 identify people too easily.</summary>
    public const uint MinThreshold = 3;
    public const uint DefaultThreshold = 5;
    private const int MaxTitle = 300;
    private const int MaxNotes = 50;
    private const int MaxNoteLength = 2000;
    private const int MaxFilters = 40;
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(3660);

    public required string IdempotencyKey { get; init; }
    public required string Title { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public DateTimeOffset PreviousFrom => From - (To - From);
    public required IReadOnlyList<string> Areas { get; init; }
    public required IReadOnlyList<Domain.Themes.Theme> Themes { get; init; }
    public required DeclaredPurpose Purpose { get; init; }
    public required uint Threshold { get; init; }
    public required IReadOnlyList<string> Gaps { get; init; }
    public required IReadOnlyList<string> Recommendations { get; init; }
    public required string RequestDigest { get; init; }

    /// <summary>Reads the request; throws INVALID_ARGUMENT with every field violation, before anything is read or stored.</summary>
    public static ProfileSpec Read(CompileProblemProfileRequest request, AreaCatalogue areas)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new FieldViolations();
        var key = request.IdempotencyKey.Trim();
        if (key.Length is 0 or > 100) problems.Add("idempotency_key", "Give a key of 1 to 100 characters, made up once per compilation and repeated on retries.");
        var title = request.Title.Trim();
        if (title.Length == 0) problems.Add("title", "Missing: give the profile a title, e.g. \"Labour exploitation in South Wales, 2025\".");
        else if (title.Length > MaxTitle) problems.Add("title", $"Keep the title to {MaxTitle} characters.");

        DateTimeOffset? from = null, to = null;
        if (request.Period is null) problems.Add("period", "Missing: give the period to compile, with a start and an end time.");
        else
        {
            from = request.Period.StartTime is null ? Missing(problems, "period.start_time") : TimestampField.Read(request.Period.StartTime, "period.start_time", problems);
            to = request.Period.EndTime is null ? Missing(problems, "period.end_time") : TimestampField.Read(request.Period.EndTime, "period.end_time", problems);
            if (from is { } f && to is { } t)
            {
                if (f.Year < 1900) problems.Add("period.start_time", "Give a period starting in 1900 or later.");
                else if (t <= f) problems.Add("period", "The period ends before it starts: give an end time after the start time.");
                else if (t - f > MaxPeriod) problems.Add("period", "Compile at most ten years at a time.");
            }
        }

        var codes = new List<string>();
        if (request.AreaGssCodes.Count > MaxFilters) problems.Add("area_gss_codes", $"At most {MaxFilters} areas; leave empty for all of Wales.");
        else for (var i = 0; i < request.AreaGssCodes.Count; i++)
            if (SubmissionReader.ReadArea(request.AreaGssCodes[i], $"area_gss_codes[{i}]", areas, problems) is { } code) codes.Add(code);

        var themes = new List<Domain.Themes.Theme>();
        if (request.Themes.Count > MaxFilters) problems.Add("themes", $"At most {MaxFilters} themes; leave empty for every theme.");
        else for (var i = 0; i < request.Themes.Count; i++)
            if (SubmissionReader.ReadTheme(request.Themes[i], $"themes[{i}]", problems) is { } theme) themes.Add(theme);

        var purpose = DeclaredPurpose.Read(request.Purpose, problems);
        var threshold = request.SuppressionThreshold == 0 ? DefaultThreshold : request.SuppressionThreshold;
        if (threshold < MinThreshold)
            problems.Add("suppression_threshold", $"{threshold} is too low: counts of 1 and 2 can identify a victim. Give {MinThreshold} or more, or 0 for the default of {DefaultThreshold}.");
        else if (threshold > 1000) problems.Add("suppression_threshold", "Give a threshold of 1000 or less.");
        Notes(request.IntelligenceGaps, "intelligence_gaps", problems);
        Notes(request.Recommendations, "recommendations", problems);
        problems.ThrowIfAny("Nothing was compiled or stored");

        var withoutKey = request.Clone();
        withoutKey.IdempotencyKey = "";
        return new ProfileSpec
        {
            IdempotencyKey = key, Title = title, From = from!.Value, To = to!.Value,
            Areas = codes.Distinct().ToList(), Themes = themes.Distinct().ToList(), Purpose = purpose!, Threshold = threshold,
            Gaps = request.IntelligenceGaps.Select(g => g.Trim()).ToList(), Recommendations = request.Recommendations.Select(r => r.Trim()).ToList(),
            RequestDigest = SubmissionReader.RequestDigest(withoutKey),
        };
    }

    private static DateTimeOffset? Missing(FieldViolations problems, string field)
    {
        problems.Add(field, "Missing: give the time, e.g. 2025-01-01T00:00:00Z.");
        return null;
    }

    private static void Notes(Google.Protobuf.Collections.RepeatedField<string> notes, string field, FieldViolations problems)
    {
        if (notes.Count > MaxNotes) problems.Add(field, $"At most {MaxNotes} entries.");
        for (var i = 0; i < notes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(notes[i])) problems.Add($"{field}[{i}]", "Empty: remove it or write it out.");
            else if (notes[i].Length > MaxNoteLength) problems.Add($"{field}[{i}]", $"Keep each entry to {MaxNoteLength} characters.");
        }
    }
}
