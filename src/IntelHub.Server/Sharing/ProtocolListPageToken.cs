using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using IntelHub.Contracts.V1;
using IntelHub.Server.Disclosures;

namespace IntelHub.Server.Sharing;

/// <summary>
/// ListProtocols page tokens: the last version listed (protocol id and version), sealed under the hub's page-token key
/// (<see cref="SearchCursor"/>) with the listing's filters as associated data. Protocols are not secret; the seal is so
/// that only a token the hub gave, unchanged and sent back with the same filters, positions a listing, and anything
/// else is refused rather than guessed at. The page size may change between pages.
/// </summary>
internal static class ProtocolListPageToken
{
    private static readonly byte[] Context = Encoding.ASCII.GetBytes("intelhub protocol list page token v1");

    public static string SealProtocolPosition(this SearchCursor key, ListProtocolsRequest request, (string ProtocolId, string Version) last) =>
        key.Seal(Encoding.UTF8.GetBytes(last.ProtocolId + "\n" + last.Version), AssociatedData(request));

    /// <summary>The version the previous page ended with; false (and null) when there is no token or it is not one the hub gave for these filters.</summary>
    public static bool TryOpenProtocolPosition(this SearchCursor key, ListProtocolsRequest request, out (string ProtocolId, string Version)? last)
    {
        last = null;
        if (request.PageToken.Length == 0 || !key.TryOpen(request.PageToken, AssociatedData(request), out var plain)) return false;
        var parts = Encoding.UTF8.GetString(plain).Split('\n');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0) return false;
        last = (parts[0], parts[1]);
        return true;
    }

    /// <summary>The whole request but its paging: the filters a token is bound to.</summary>
    private static byte[] AssociatedData(ListProtocolsRequest request)
    {
        var filters = request.Clone();
        filters.PageToken = "";
        filters.PageSize = 0;
        filters.PartyAgencyId = filters.PartyAgencyId.Trim();
        return SHA256.HashData([.. Context, .. filters.ToByteArray()]);
    }
}
