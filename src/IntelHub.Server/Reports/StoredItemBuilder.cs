using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using IntelHub.Audit.Entries;
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
        var salt = ContentCommitment.NewSalt();
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
            ContentSalt = salt,
            ContentDigest = ContentCommitment.Commit(ContentCommitment.Submission, salt, Content(submission.FullText, submission.SanitisedText, subject)).Hex,
            Entities = submission.Entities
                .Select(e => new EntityKey(EntityWire.StorageName(e.Kind), e.MatchKey, e.Value))
                .Distinct()
                .ToList(),
            People = SubjectPeople.Of(submission.Subject),
        };
    }

    /// <summary>
    /// The item's content as its commitment covers it, each part length-prefixed (int64 big-endian) so
    /// that no two different contents share an encoding: full text, sanitised text (UTF-8), subject
    /// (protobuf bytes). docs/audit.md gives the layout, so that a court handed the parts and the salt
    /// can recompute the commitment.
    /// </summary>
    public static byte[] Content(string fullText, string? sanitisedText, byte[] subject)
    {
        var parts = new[] { Encoding.UTF8.GetBytes(fullText), Encoding.UTF8.GetBytes(sanitisedText ?? ""), subject };
        var content = new byte[parts.Sum(p => 8 + p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            BinaryPrimitives.WriteInt64BigEndian(content.AsSpan(at), part.Length);
            part.CopyTo(content, at + 8);
            at += 8 + part.Length;
        }
        return content;
    }
}
