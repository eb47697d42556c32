using IntelHub.Contracts.V1;
using IntelHub.Domain.Entities;
using Entity = IntelHub.Domain.Entities.Entity;
using Grade = IntelHub.Domain.Grading.Grade;
using IntelHub.Domain.Grading;
using IntelHub.Server.Reports;
using IntelHub.Server.Sharing;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using ContractHandling = IntelHub.Contracts.V1.HandlingCode;
using DomainAssessment = IntelHub.Domain.Grading.IntelligenceAssessment;
using DomainHandling = IntelHub.Domain.Grading.HandlingCode;
using DomainSource = IntelHub.Domain.Grading.SourceEvaluation;

namespace IntelHub.Server.Disclosures;

/// <summary>
/// Turns a search request into the store's query. Entities are normalised exactly as they were at
/// submission, so "07700 900123" finds an item that recorded "+447700900123".
/// </summary>
internal static class SearchReader
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    private const int MaxFilterValues = 40;

    public static ItemQuery Read(SearchItemsRequest request, AreaCatalogue areas, FieldViolations problems)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PageSize is < 0 or > MaxPageSize)
            problems.Add("page_size", $"Ask for 1 to {MaxPageSize} results a page, or 0 for {DefaultPageSize}.");
        foreach (var (field, count) in new[] { ("themes", request.Themes.Count), ("area_gss_codes", request.AreaGssCodes.Count), ("entities", request.Entities.Count), ("kinds", request.Kinds.Count) })
        {
            if (count > MaxFilterValues) problems.Add(field, $"At most {MaxFilterValues} values; split the search.");
        }

        var query = new ItemQuery
        {
            Themes = request.Themes.Count == 0 ? null : request.Themes.Select((t, i) => ThemeFilter(t, $"themes[{i}]", problems)).ToList(),
            Areas = request.AreaGssCodes.Count == 0 ? null : request.AreaGssCodes.Select((code, i) => AreaFilter(code, areas, $"area_gss_codes[{i}]", problems)).ToList(),
            Entities = request.Entities.Count == 0 ? null : request.Entities.Select((e, i) => EntityFilter(e, $"entities[{i}]", problems)).ToList(),
            Kinds = request.Kinds.Count == 0 ? null : request.Kinds.Select((k, i) => KindFilter(k, $"kinds[{i}]", problems)).ToList(),
            Gradings = GradingFilter(request.Grading, problems),
            Words = SearchWords.Read(request.Text, problems),
        };
        if (request.Occurred is { } occurred)
        {
            var from = TimestampField.Read(occurred.StartTime, "occurred.start_time", problems);
            var to = TimestampField.Read(occurred.EndTime, "occurred.end_time", problems);
            if (from is not null && to is not null && to < from)
                problems.Add("occurred.end_time", "The period ends before it starts: swap start_time and end_time.");
            query = query with { OccurredFrom = from, OccurredTo = to };
        }
        return query;
    }

    public static int PageSize(SearchItemsRequest request) => request.PageSize == 0 ? DefaultPageSize : request.PageSize;

    private static string ThemeFilter(Contracts.V1.Theme theme, string field, FieldViolations problems)
    {
        var exploitation = ThemeWire.Exploitation(theme.ExploitationType);
        if (exploitation is null)
        {
            problems.Add(field + ".exploitation_type", "Choose a form of exploitation (sexual, labour, domestic servitude, criminal, organ harvesting).");
            return "";
        }
        var age = ThemeWire.Age(theme.VictimAgeGroup);
        // Without an age group the theme matches both: the store reads "labour/*" as either.
        var adult = Domain.Themes.Theme.Of(exploitation.Value, Domain.Themes.AgeGroup.Adult).ToString();
        return age is null ? adult[..adult.IndexOf('/', StringComparison.Ordinal)] + "/*" : Domain.Themes.Theme.Of(exploitation.Value, age.Value).ToString();
    }

    private static string AreaFilter(string gssCode, AreaCatalogue areas, string field, FieldViolations problems)
    {
        if (areas.ByGss(gssCode) is null)
            problems.Add(field, $"'{gssCode}' is not the GSS code of a Welsh area the hub knows (e.g. W06000015 for Cardiff; see policies/areas.yaml).");
        return gssCode;
    }

    private static EntityKey EntityFilter(EntityQuery query, string field, FieldViolations problems)
    {
        var kind = EntityWire.KindOf(query.Type);
        if (kind is null)
        {
            problems.Add(field + ".type", "Choose what to look for: person, location, vehicle, phone number, organisation or business.");
            return new EntityKey("", "", "");
        }
        if (!Entity.TryCreate(kind.Value, query.Value, out var entity, out var error))
        {
            problems.Add(field + ".value", error);
            return new EntityKey("", "", "");
        }
        return new EntityKey(EntityWire.StorageName(entity.Kind), entity.MatchKey, query.Value);
    }

    private static string KindFilter(Contracts.V1.ItemKind kind, string field, FieldViolations problems)
    {
        switch (kind)
        {
            case Contracts.V1.ItemKind.Information: return StoredNames.Kind(Domain.Items.ItemKind.Information);
            case Contracts.V1.ItemKind.Intelligence: return StoredNames.Kind(Domain.Items.ItemKind.Intelligence);
            case Contracts.V1.ItemKind.Product: return StoredNames.Kind(Domain.Items.ItemKind.Product);
            default:
                problems.Add(field, "Choose information, intelligence or product.");
                return "";
        }
    }

    /// <summary>Every 3x5x2 grade the filter allows (an empty list allows any value); null when there is no filter.</summary>
    private static List<string>? GradingFilter(Contracts.V1.GradingFilter? filter, FieldViolations problems)
    {
        if (filter is null || (filter.SourceEvaluations.Count == 0 && filter.IntelligenceAssessments.Count == 0 && filter.HandlingCodes.Count == 0))
            return null;
        var sources = Allowed(filter.SourceEvaluations.Select(v => (int)v), Enum.GetValues<DomainSource>(), "grading.source_evaluations", problems);
        var assessments = Allowed(filter.IntelligenceAssessments.Select(v => (int)v), Enum.GetValues<DomainAssessment>(), "grading.intelligence_assessments", problems);
        var handling = Allowed(filter.HandlingCodes.Select(v => v == ContractHandling.C ? (int)DomainHandling.C : v == ContractHandling.P ? (int)DomainHandling.P : 0),
            Enum.GetValues<DomainHandling>(), "grading.handling_codes", problems);
        return (from s in sources from a in assessments from h in handling select Grade.Of(s, a, h).ToString()).ToList();
    }

    private static List<T> Allowed<T>(IEnumerable<int> wire, T[] all, string field, FieldViolations problems) where T : struct, Enum
    {
        var chosen = new List<T>();
        foreach (var value in wire)
        {
            if (Enum.IsDefined(typeof(T), value)) chosen.Add((T)Enum.ToObject(typeof(T), value));
            else problems.Add(field, $"{value} is not a grade the 3x5x2 model has.");
        }
        return chosen.Count == 0 ? [.. all] : chosen;
    }
}
