using System.Security.Cryptography;
using Google.Protobuf;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Identity;
using IntelHub.Storage;

namespace IntelHub.Server.Reports;

/// <summary>Turns a validated submission into the record the store keeps, with the names the store uses.</summary>
internal static class StoredItemBuilder
{
    public static StoredItem Build(ValidatedSubmission submission, Caller caller, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(caller);
        var subject = submission.Subject.ToByteArray();
        return new StoredItem
        {
            ItemId = ItemId.New(now).ToString(),
            Kind = StoredNames.Kind(submission.Kind),
            OriginatorAgencyId = caller.AgencyId,
            SubmittedBy = caller.UserId,
            Classification = submission.Classification.ToString(),
            Grading = submission.Grading?.Current.ToString(),
            LegacyGrading = submission.Grading?.Original?.ToString(),
            HandlingConditions = submission.Grading is null ? [] : StoredNames.Conditions(submission.Grading.Conditions),
            Themes = submission.Themes.Select(t => t.ToString()).ToList(),
            Areas = submission.AreaGssCodes,
            OriginatorReference = submission.OriginatorReference,
            PersonalDataCategories = submission.PersonalData.Select(StoredNames.PersonalData).ToList(),
            OccurredFrom = submission.OccurredFrom,
            OccurredTo = submission.OccurredTo,
            ReviewDate = submission.ReviewDate.Date,
            CreatedAt = now,
            FullText = submission.FullText,
            SanitisedText = submission.SanitisedText,
            SubjectDocument = subject,
            ContentDigest = Digest(submission.FullText, submission.SanitisedText, subject),
            Entities = submission.Entities
                .Select(e => new EntityKey(EntityWire.StorageName(e.Kind), e.MatchKey, e.Value))
                .Distinct()
                .ToList(),
        };
    }

    /// <summary>
    /// SHA-256 over the item's content, each part length-prefixed so that no two different contents
    /// share an encoding: full text, sanitised text (UTF-8), subject (protobuf bytes).
    /// </summary>
    private static string Digest(string fullText, string? sanitisedText, byte[] subject)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Part(ReadOnlySpan<byte> bytes)
        {
            Span<byte> length = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        Part(System.Text.Encoding.UTF8.GetBytes(fullText));
        Part(System.Text.Encoding.UTF8.GetBytes(sanitisedText ?? ""));
        Part(subject);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
