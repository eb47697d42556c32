using System.Text;

namespace IntelHub.Domain.Text;

/// <summary>
/// The shared rule for identifiers written by people in protocol files: lowercase ASCII letters and
/// digits in words joined by single hyphens ("gwent-police", "cardiff"). Kept ASCII so that an id
/// means the same thing in a file name, a URL, a policy file and a database key.
/// </summary>
internal static class Slug
{
    internal const int MaxLength = 63;

    /// <summary>Returns null when <paramref name="text"/> is a valid slug, otherwise the reason.</summary>
    internal static DomainError? Check(string? text, string field, string noun, string example)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new DomainError(field, $"{noun} is missing: give a lowercase id such as {example}.");
        }

        if (text.Length > MaxLength)
        {
            return new DomainError(
                field,
                $"{noun} {InputEcho.Quote(text)} is {text.Length} characters long: use at most {MaxLength}.");
        }

        if (IsValid(text))
        {
            return null;
        }

        var suggestion = Suggest(text);
        var hint = suggestion.Length > 0 ? $" (did you mean '{suggestion}'?)" : string.Empty;
        return new DomainError(
            field,
            $"{noun} {InputEcho.Quote(text)} is not valid: use lowercase letters a-z and digits, "
            + $"with single hyphens between words, e.g. {example}{hint}.");
    }

    private static bool IsValid(string text)
    {
        var previousWasHyphen = true; // so that a leading hyphen is refused
        foreach (var c in text)
        {
            if (c == '-')
            {
                if (previousWasHyphen)
                {
                    return false;
                }

                previousWasHyphen = true;
            }
            else if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                previousWasHyphen = false;
            }
            else
            {
                return false;
            }
        }

        return !previousWasHyphen;
    }

    /// <summary>The nearest valid slug, so the message can offer it; empty when there is none.</summary>
    private static string Suggest(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var suggestion = builder.ToString().TrimEnd('-');
        return suggestion.Length <= MaxLength ? suggestion : string.Empty;
    }
}
