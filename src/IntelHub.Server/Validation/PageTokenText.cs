using System.Buffers.Text;

namespace IntelHub.Server.Validation;

/// <summary>The text form of page tokens: unpadded base64url, safe in a URL query as the JSON routes carry it.</summary>
internal static class PageTokenText
{
    public static string Encode(ReadOnlySpan<byte> token) => Base64Url.EncodeToString(token);

    /// <summary>The token's bytes; false for text that is not base64url (a token the hub did not issue).</summary>
    public static bool TryDecode(string text, out byte[] token)
    {
        var buffer = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        try
        {
            if (Base64Url.TryDecodeFromChars(text, buffer, out var length))
            {
                token = buffer[..length];
                return true;
            }
        }
        catch (FormatException)
        {
            // Characters outside base64url: not a token the hub issued.
        }

        token = [];
        return false;
    }
}
