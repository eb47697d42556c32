using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using IntelHub.Contracts.V1;
using IntelHub.Server.Validation;

namespace IntelHub.Server.Disclosures;

/// <summary>
/// The page token of a search: where the previous page stopped (the last candidate scanned, by
/// submission time and id) and a fingerprint of the filters, so that a token cannot be replayed
/// with different filters. It holds no count and nothing about items the caller cannot see.
/// </summary>
internal static class SearchCursor
{
    private const int FingerprintSize = 8;

    public static string Encode(DateTimeOffset createdAt, string itemId, SearchItemsRequest request)
    {
        var id = Encoding.ASCII.GetBytes(itemId);
        var token = new byte[8 + FingerprintSize + id.Length];
        BinaryPrimitives.WriteInt64BigEndian(token, createdAt.UtcTicks);
        Fingerprint(request).CopyTo(token.AsSpan(8));
        id.CopyTo(token.AsSpan(8 + FingerprintSize));
        return PageTokenText.Encode(token);
    }

    /// <summary>The position after which the page starts; null for the first page. False when the token is not one this search issued.</summary>
    public static bool TryDecode(SearchItemsRequest request, out (DateTimeOffset CreatedAt, string ItemId)? after)
    {
        after = null;
        if (string.IsNullOrEmpty(request.PageToken)) return true;
        if (!PageTokenText.TryDecode(request.PageToken, out var token) || token.Length <= 8 + FingerprintSize) return false;
        var bytes = token.AsSpan();
        if (!bytes.Slice(8, FingerprintSize).SequenceEqual(Fingerprint(request))) return false;
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        var itemId = Encoding.ASCII.GetString(bytes[(8 + FingerprintSize)..]);
        if (!Domain.Items.ItemId.TryParse(itemId, out _, out _)) return false;
        after = (new DateTimeOffset(ticks, TimeSpan.Zero), itemId);
        return true;
    }

    private static byte[] Fingerprint(SearchItemsRequest request)
    {
        var filters = request.Clone();
        filters.PageToken = "";
        filters.PageSize = 0;
        return SHA256.HashData(filters.ToByteArray())[..FingerprintSize];
    }
}
