using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Items;
using IntelHub.Identity;
using IntelHub.Policy.Decisions;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Reports;
using IntelHub.Server.Sharing;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using AuditEntry = IntelHub.Audit.Entries.AuditEntry;
using PolicyView = IntelHub.Policy.Decisions.DisclosureView;

namespace IntelHub.Server.Profiles;

/// <summary>
/// Compiling and reading problem profiles. A compile streams the items of the period and the previous one from the
/// store (one query, one snapshot, no write lock), keeps those the caller's agency may compile under the protocols
/// (an RIU analyst: every item so entitled; a force analyst: its own agency's items), counts them, and submits the
/// result as a product item: the full release is its full text, the partner release its sanitised text, so the
/// protocols route and release a profile like any other item. The audit log gets one entry per compile, in the
/// product's own transaction: the profile id, how many items, and a SHA-256 commitment to their sorted ids.
/// </summary>
public sealed class ProblemProfiles(
    IHubStore store, SharingPolicy sharing, ReaderDecision decisions, Submissions submissions, DisclosureProjection projection,
    AuditRecorder audit, TimeProvider time)
{
    /// <summary>The classification of every profile: aggregated figures with the links' entity values.</summary>
    public const string Classification = "OFFICIAL-SENSITIVE";
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    internal async Task<ProblemProfile> CompileAsync(CompileProblemProfileRequest request, Caller caller, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var spec = ProfileSpec.Read(request, sharing.Areas);
        await spec.Purpose.EnsureNamedAsync(sharing, audit, caller, "compile", cancellationToken);

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var tally = new ProfileTally(spec, sharing.Areas, agency => sharing.Find(agency) is { IsLawEnforcement: false });
        var mayCompile = new CompileDecisions(sharing, caller, spec.Purpose.PurposeId);
        long read = 0;
        // As for every reader, disposed content and items awaiting review are used by no one: the store leaves them out.
        await foreach (var row in store.ReadProfileRowsAsync(spec.PreviousFrom, spec.To, today, cancellationToken))
        {
            if (++read % 100_000 == 0) progress?.Report(read);
            if (tally.InScope(row) && mayCompile.Permits(row)) tally.Add(row);
        }

        var full = new FullRelease(sharing, projection).Build(spec, tally, caller, now, listAgenciesWithoutSubmissions: caller.Role == UserRole.RiuAnalyst);
        var partner = PartnerRelease.From(full);
        var submission = new ValidatedSubmission
        {
            Kind = Domain.Items.ItemKind.Product,
            IdempotencyKey = spec.IdempotencyKey,
            FullText = Json.Format(full),
            SanitisedText = Json.Format(partner),
            Classification = SecurityClassification.Parse(Classification),
            Themes = spec.Themes.Count > 0 ? spec.Themes : [.. tally.ByTheme.Keys.Order(StringComparer.Ordinal).Select(Domain.Themes.Theme.Parse)],
            AreaGssCodes = spec.Areas.Count > 0 ? spec.Areas : [.. tally.ByForce.Keys.Order(StringComparer.Ordinal)],
            OccurredFrom = spec.From,
            OccurredTo = spec.To,
            Entities = [],
            PersonalData = PersonalDataOf(full),
            ReviewDate = ReviewDate.Create(today.AddYears(1), today),
            Subject = new ItemSubject(),
            RequestDigest = spec.RequestDigest,
        };
        var commitment = Commitment(tally.ItemIds);
        var (receipt, sequences) = await submissions.SubmitAsync(submission, caller, AuditRecorder.TraceId, profileId => new AuditEntry
        {
            Time = now, Action = AuditAction.Search, Agency = caller.AgencyId, User = caller.UserId, ItemId = profileId,
            Decision = "compiled:problem-profile", SearchTerms = $"items={tally.ItemIds.Count} sha256={commitment}",
            ResultCount = tally.ItemIds.Count, Purpose = spec.Purpose.ForAudit, Justification = spec.Purpose.Justification, TraceId = AuditRecorder.TraceId,
        }, cancellationToken);

        // A retry under the same key answers with the profile first stored, not this compilation.
        var stored = receipt.Replayed ? Parse((await store.GetItemAsync(receipt.ItemId, cancellationToken))!.FullText) ?? full : full;
        stored.ProfileId = receipt.ItemId;
        stored.AuditLeafIndex = (ulong)sequences[^1];
        return stored;
    }

    internal async Task<ProblemProfile> GetAsync(GetProblemProfileRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new FieldViolations();
        if (!ItemId.TryParse(request.ProfileId, out _, out var idError)) problems.Add("profile_id", idError);
        if (request.Release is not (ProfileRelease.Full or ProfileRelease.Partner)) problems.Add("release", "Choose the full or the partner release.");
        var purpose = DeclaredPurpose.Read(request.Purpose, problems);
        problems.ThrowIfAny("Nothing was disclosed");
        await purpose!.EnsureNamedAsync(sharing, audit, caller, "get-profile", cancellationToken);

        var item = await store.GetItemAsync(request.ProfileId, cancellationToken);
        var profile = item is { Kind: "product" } ? Parse(item.FullText) : null;
        var (outcome, refusal) = profile is null
            ? decisions.DecideAbsent(request.ProfileId, caller, purpose, SharingAction.View)
            : decisions.Decide(item!, caller, purpose, SharingAction.View);
        if (outcome is null)
        {
            await audit.RecordDenialAsync(caller, "get-profile", refusal, cancellationToken, request.ProfileId, purpose.ForAudit, purpose.Justification);
            throw new RpcException(new Status(StatusCode.NotFound,
                $"No problem profile {request.ProfileId} is available to {sharing.NameOf(caller.AgencyId)} for '{purpose.PurposeId}'. Check the id; the RIU can tell you which profiles were shared with your agency."));
        }
        if (request.Release == ProfileRelease.Full && outcome.View != PolicyView.Full)
        {
            await audit.RecordDenialAsync(caller, "get-profile", "the protocols give the reader the partner release only", cancellationToken, request.ProfileId, purpose.ForAudit, purpose.Justification);
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"The protocols give {sharing.NameOf(caller.AgencyId)} the partner release of this profile only: ask for --release partner."));
        }

        var released = request.Release == ProfileRelease.Full ? profile! : Parse(item!.SanitisedText) ?? PartnerRelease.From(profile!);
        released.ProfileId = item!.ItemId;
        if (released.Release == ProfileRelease.Full) await KeepKnownItemsAsync(released, caller, cancellationToken);
        var leaf = await audit.RecordAsync(new AuditEntry
        {
            Time = audit.Now, Action = AuditAction.DisclosureByView, Agency = caller.AgencyId, User = caller.UserId, Counterparty = item.OriginatorAgencyId,
            ItemId = item.ItemId, ContentDigest = ContentCommitment.Commit(ContentCommitment.Disclosure, item.ContentSalt, released.ToByteArray()),
            View = released.Release == ProfileRelease.Full ? "full" : "sanitised", Decision = "permit",
            ProtocolId = outcome.ProtocolId, ProtocolVersion = outcome.ProtocolVersion, Rule = outcome.RuleId,
            Purpose = purpose.ForAudit, Justification = purpose.Justification, TraceId = AuditRecorder.TraceId,
        }, cancellationToken);
        released.AuditLeafIndex = (ulong)leaf;
        return released;
    }

    /// <summary>A link lists only the items the reader's agency may know of (its own, or routed to it now).</summary>
    private async Task KeepKnownItemsAsync(ProblemProfile profile, Caller caller, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var link in profile.Links)
        {
            var kept = new List<string>();
            foreach (var id in link.ItemIds)
            {
                if (!known.TryGetValue(id, out var mayKnow))
                    known[id] = mayKnow = decisions.MayKnowOf(await store.GetItemAsync(id, cancellationToken), id, caller);
                if (mayKnow) kept.Add(id);
            }
            link.ItemIds.Clear();
            link.ItemIds.AddRange(kept);
        }
    }

    private static ProblemProfile? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return JsonParser.Default.Parse<ProblemProfile>(json);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>What the full release holds about people: names through person links, contact details through phone and place links.</summary>
    private static List<PersonalDataCategory> PersonalDataOf(ProblemProfile full)
    {
        var categories = new List<PersonalDataCategory>();
        if (full.Links.Any(l => l.EntityType == EntityType.Person)) categories.Add(PersonalDataCategory.Identifiers);
        if (full.Links.Any(l => l.EntityType is EntityType.PhoneNumber or EntityType.Location)) categories.Add(PersonalDataCategory.ContactDetails);
        return categories;
    }

    /// <summary>SHA-256 over the compiled items' ids, sorted ordinally, each followed by a line feed (docs/problem-profiles.md).</summary>
    internal static string Commitment(List<string> itemIds)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // A million ids: each is encoded into one reused buffer rather than a new string and array per id.
        var buffer = new byte[64];
        foreach (var id in SortedOrdinally(itemIds))
        {
            var length = Encoding.UTF8.GetByteCount(id) + 1;
            if (length > buffer.Length) buffer = new byte[length];
            Encoding.UTF8.GetBytes(id, buffer);
            buffer[length - 1] = (byte)'\n';
            hash.AppendData(buffer, 0, length);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The ids in ordinal order: two halves sorted side by side (a million ids), then merged.</summary>
    private static IEnumerable<string> SortedOrdinally(List<string> ids)
    {
        var middle = ids.Count / 2;
        Parallel.Invoke(() => ids.Sort(0, middle, StringComparer.Ordinal), () => ids.Sort(middle, ids.Count - middle, StringComparer.Ordinal));
        int left = 0, right = middle;
        while (left < middle || right < ids.Count)
        {
            var takeLeft = right == ids.Count || (left < middle && string.CompareOrdinal(ids[left], ids[right]) <= 0);
            yield return takeLeft ? ids[left++] : ids[right++];
        }
    }
}
