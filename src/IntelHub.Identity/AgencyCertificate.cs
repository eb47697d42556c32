using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace IntelHub.Identity;

/// <summary>
/// How an agency's identity is carried in its mTLS client certificate: a URI subject alternative
/// name <c>urn:intelhub:agency:{agency-id}</c>. A URI SAN, not the common name, because it is typed,
/// cannot be confused with a host name, and survives re-issue under another CN.
/// </summary>
public static class AgencyCertificate
{
    public const string UriPrefix = "urn:intelhub:agency:";

    public static Uri UriFor(string agencyId) => new(UriPrefix + agencyId);

    /// <summary>The agency id named in the certificate, or null when it names none or several.</summary>
    public static string? AgencyIdOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string? found = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension is not X509SubjectAlternativeNameExtension san) continue;
            foreach (var uri in EnumerateUris(san))
            {
                if (!uri.StartsWith(UriPrefix, StringComparison.Ordinal)) continue;
                if (found is not null) return null;
                found = uri[UriPrefix.Length..];
            }
        }
        return string.IsNullOrEmpty(found) ? null : found;
    }

    private static List<string> EnumerateUris(X509SubjectAlternativeNameExtension san)
    {
        // .NET exposes DNS names and IP addresses of a SAN but not URIs: decode the GeneralNames
        // (RFC 5280 4.2.1.6) and keep uniformResourceIdentifier, context tag [6] IA5String.
        var uris = new List<string>();
        var reader = new AsnReader(san.RawData, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.HasSameClassAndValue(uriTag)) uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
            else names.ReadEncodedValue();
        }
        return uris;
    }
}
