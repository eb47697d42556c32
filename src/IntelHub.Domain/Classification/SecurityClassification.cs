using System.Diagnostics.CodeAnalysis;
using System.Text;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Classification;

/// <summary>
/// A UK Government Security Classification marking the hub may hold: OFFICIAL or OFFICIAL-SENSITIVE,
/// the latter with optional descriptors (COMMERCIAL, LOCSEN, PERSONAL). Written canonically as
/// "OFFICIAL-SENSITIVE PERSONAL". The hub is accredited to OFFICIAL-SENSITIVE only, so SECRET and
/// TOP SECRET in any spelling are refused before anything is stored.
/// </summary>
public sealed record SecurityClassification
{
    internal const string Field = "classification";
    private const int MaxMarkingLength = 200;

    private static readonly ClassificationDescriptors AllDescriptors =
        ClassificationDescriptors.Commercial | ClassificationDescriptors.LocSen | ClassificationDescriptors.Personal;

    private SecurityClassification(ClassificationLevel level, ClassificationDescriptors descriptors)
    {
        Level = level;
        Descriptors = descriptors;
    }

    public static SecurityClassification Official { get; } = new(ClassificationLevel.Official, ClassificationDescriptors.None);

    public static SecurityClassification OfficialSensitive { get; } =
        new(ClassificationLevel.OfficialSensitive, ClassificationDescriptors.None);

    public ClassificationLevel Level { get; }

    public ClassificationDescriptors Descriptors { get; }

    public static SecurityClassification Create(ClassificationLevel level, ClassificationDescriptors descriptors = ClassificationDescriptors.None)
    {
        if (!Enum.IsDefined(level))
        {
            throw new DomainRuleException(new DomainError(
                Field, $"Classification level {(int)level} is not defined: use OFFICIAL or OFFICIAL-SENSITIVE."));
        }

        if ((descriptors & ~AllDescriptors) != 0)
        {
            throw new DomainRuleException(new DomainError(
                Field, $"Descriptor value {(int)descriptors} is not defined: use COMMERCIAL, LOCSEN or PERSONAL."));
        }

        if (level == ClassificationLevel.Official && descriptors != ClassificationDescriptors.None)
        {
            throw new DomainRuleException(DescriptorNeedsSensitive(DescriptorText(descriptors)));
        }

        return new SecurityClassification(level, descriptors);
    }

    /// <summary>
    /// True when the marking names SECRET or TOP SECRET in any case, spacing or punctuation ("UK SECRET",
    /// "top-secret", "S E C R E T"), so that a host can record that such material was turned away.
    /// </summary>
    public static bool IsAboveAccreditation([NotNullWhen(true)] string? marking)
    {
        if (marking is null)
        {
            return false;
        }

        var letters = new StringBuilder(marking.Length);
        foreach (var c in marking)
        {
            if (char.IsLetter(c))
            {
                letters.Append(char.ToUpperInvariant(c));
            }
        }

        return letters.ToString().Contains("SECRET", StringComparison.Ordinal);
    }

    public static SecurityClassification Parse(string? marking) =>
        TryParse(marking, out var classification, out var error) ? classification : throw new DomainRuleException(error);

    /// <summary>
    /// Reads a marking as people write it: "OFFICIAL", "official sensitive", "OFFICIAL-SENSITIVE: PERSONAL",
    /// "OFFICIAL-SENSITIVE [COMMERCIAL, PERSONAL]". An optional leading "UK" is accepted.
    /// </summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? marking,
        [NotNullWhen(true)] out SecurityClassification? classification,
        [NotNullWhen(false)] out DomainError? error)
    {
        classification = null;
        error = Read(marking, out var level, out var descriptors);
        if (error is not null)
        {
            return false;
        }

        classification = descriptors == ClassificationDescriptors.None
            ? level == ClassificationLevel.Official ? Official : OfficialSensitive
            : new SecurityClassification(level, descriptors);
        return true;
    }

    public override string ToString() =>
        Level == ClassificationLevel.Official
            ? "OFFICIAL"
            : Descriptors == ClassificationDescriptors.None
                ? "OFFICIAL-SENSITIVE"
                : "OFFICIAL-SENSITIVE " + DescriptorText(Descriptors);

    private static DomainError? Read(string? marking, out ClassificationLevel level, out ClassificationDescriptors descriptors)
    {
        level = default;
        descriptors = ClassificationDescriptors.None;
        if (string.IsNullOrWhiteSpace(marking))
        {
            return new DomainError(
                Field,
                "Classification is missing: mark the item OFFICIAL or OFFICIAL-SENSITIVE "
                + "(with a descriptor such as PERSONAL where it applies).");
        }

        if (IsAboveAccreditation(marking))
        {
            return new DomainError(
                Field,
                $"Classification {InputEcho.Quote(marking)} is above what this hub may hold: the hub is accredited to "
                + "OFFICIAL-SENSITIVE only. Do not submit SECRET or TOP SECRET material here; handle it through "
                + "your organisation's systems accredited for it.");
        }

        if (marking.Length > MaxMarkingLength)
        {
            return Unknown(marking);
        }

        var tokens = marking.ToUpperInvariant()
            .Split([' ', '\t', '-', '_', ':', ';', ',', '/', '[', ']', '(', ')', '|', '.'], StringSplitOptions.RemoveEmptyEntries);
        var at = tokens.Length > 1 && tokens[0] == "UK" ? 1 : 0;
        if (tokens.Length == at || tokens[at] != "OFFICIAL")
        {
            return OldMarking(marking, tokens) ?? Unknown(marking);
        }

        at++;
        level = ClassificationLevel.Official;
        if (at < tokens.Length && tokens[at] == "SENSITIVE")
        {
            level = ClassificationLevel.OfficialSensitive;
            at++;
        }

        for (; at < tokens.Length; at++)
        {
            var descriptor = tokens[at] switch
            {
                "COMMERCIAL" => ClassificationDescriptors.Commercial,
                "LOCSEN" => ClassificationDescriptors.LocSen,
                "PERSONAL" => ClassificationDescriptors.Personal,
                _ => ClassificationDescriptors.None,
            };
            if (descriptor == ClassificationDescriptors.None)
            {
                return new DomainError(
                    Field,
                    $"Classification {InputEcho.Quote(marking)} has an unknown descriptor {InputEcho.Quote(tokens[at])}: "
                    + "use COMMERCIAL, LOCSEN or PERSONAL after OFFICIAL-SENSITIVE, or no descriptor.");
            }

            descriptors |= descriptor;
        }

        return level == ClassificationLevel.Official && descriptors != ClassificationDescriptors.None
            ? DescriptorNeedsSensitive(DescriptorText(descriptors))
            : null;
    }

    /// <summary>Pre-2014 GPMS markings: the originator has to re-mark the material under the current scheme.</summary>
    private static DomainError? OldMarking(string marking, string[] tokens)
    {
        var joined = string.Join(' ', tokens);
        if (joined is "CONFIDENTIAL" or "UK CONFIDENTIAL")
        {
            return new DomainError(
                Field,
                $"Classification {InputEcho.Quote(marking)} is an old (GPMS) marking that usually corresponds to SECRET, "
                + "which this hub may not hold: do not submit it unless the originator has re-marked it OFFICIAL or "
                + "OFFICIAL-SENSITIVE.");
        }

        return joined is "RESTRICTED" or "PROTECT" or "NOT PROTECTIVELY MARKED" or "UNCLASSIFIED"
            ? new DomainError(
                Field,
                $"Classification {InputEcho.Quote(marking)} is an old (GPMS) marking: ask the originator to re-mark it "
                + "under the Government Security Classifications, usually OFFICIAL or OFFICIAL-SENSITIVE.")
            : null;
    }

    private static DomainError Unknown(string marking) => new(
        Field,
        $"Classification {InputEcho.Quote(marking)} is not a marking this hub accepts: mark the item OFFICIAL or "
        + "OFFICIAL-SENSITIVE, optionally followed by COMMERCIAL, LOCSEN or PERSONAL.");

    private static DomainError DescriptorNeedsSensitive(string descriptors) => new(
        Field,
        $"Descriptor {descriptors} applies only to OFFICIAL-SENSITIVE: mark the item OFFICIAL-SENSITIVE {descriptors}, "
        + "or remove the descriptor.");

    private static string DescriptorText(ClassificationDescriptors descriptors)
    {
        var parts = new List<string>(3);
        if (descriptors.HasFlag(ClassificationDescriptors.Commercial))
        {
            parts.Add("COMMERCIAL");
        }

        if (descriptors.HasFlag(ClassificationDescriptors.LocSen))
        {
            parts.Add("LOCSEN");
        }

        if (descriptors.HasFlag(ClassificationDescriptors.Personal))
        {
            parts.Add("PERSONAL");
        }

        return string.Join(' ', parts);
    }
}
