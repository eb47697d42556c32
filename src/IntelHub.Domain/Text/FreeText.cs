namespace IntelHub.Domain.Text;

/// <summary>The checks every typed-in name or address passes before it is folded for matching.</summary>
internal static class FreeText
{
    internal static DomainError? Check(string? text, string field, string noun, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new DomainError(field, $"{noun} is missing: give it as written in the source material.");
        }

        if (text.Length > maxLength)
        {
            return new DomainError(
                field, $"{noun} {InputEcho.Quote(text)} is {text.Length} characters long: give at most {maxLength}, one entity per entry.");
        }

        return text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            ? new DomainError(field, $"{noun} {InputEcho.Quote(text)} contains control characters: give it as plain text.")
            : null;
    }

    internal static DomainError NothingToMatch(string text, string field, string noun) =>
        new(field, $"{noun} {InputEcho.Quote(text)} has no letters or digits to match on: give it as written in the source material.");
}
