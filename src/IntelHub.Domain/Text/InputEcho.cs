using System.Text;

namespace IntelHub.Domain.Text;

/// <summary>
/// Quotes what the user typed back to them inside an error message. Long input is cut short and
/// control characters are shown as '?', so that a message can be logged and displayed safely.
/// </summary>
internal static class InputEcho
{
    private const int MaxEchoed = 40;

    internal static string Quote(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxEchoed) + 3);
        builder.Append('\'');
        foreach (var c in text.Length > MaxEchoed ? text.AsSpan(0, MaxEchoed) : text.AsSpan())
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        if (text.Length > MaxEchoed)
        {
            builder.Append('…');
        }

        return builder.Append('\'').ToString();
    }
}
