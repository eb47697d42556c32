using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Proofs;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>An agency proves its own receipts' leaves without an auditor, and reads no other agency's entry.</summary>
public sealed class AuditProofTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_partner_reads_and_proves_its_own_receipts_leaf_but_not_another_agencys()
    {
        // Given a council's submission and an NGO's
        await using var hub = await InProcessHub.StartAsync();
        var council = hub.As("cardiff-council", UserRole.PartnerPractitioner);
        var own = (await council.Reports.SubmitInformationAsync(SafeguardingConcern("cc-own"), cancellationToken: Token)).Receipt.AuditLeafIndex;
        var others = (await hub.As("bawso", UserRole.PartnerPractitioner).Reports.SubmitInformationAsync(SafeguardingConcern("bawso-other"), cancellationToken: Token)).Receipt.AuditLeafIndex;
        var checkpoint = await AuditLogCheck.CheckpointCoveringAsync(council, Math.Max(own, others));

        // When the council's practitioner asks for its own receipt's entry and proof
        var entry = Assert.Single((await council.Audit.GetEntriesAsync(new GetEntriesRequest { Start = own, End = own + 1 }, cancellationToken: Token)).Entries);
        var proof = await council.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = own, TreeSize = checkpoint.TreeSize }, cancellationToken: Token);

        // Then it gets them, and the proof leads from its entry to the signed root
        Assert.Equal((AuditAction.Submission, "cardiff-council"), (AuditEntryEncoding.Decode(entry.LeafData.Span).Action, AuditEntryEncoding.Decode(entry.LeafData.Span).Agency));
        ProofVerifier.VerifyInclusion((long)own, (long)checkpoint.TreeSize, MerkleHash.FromBytes(MerkleHashing.HashLeaf(entry.LeafData.Span)),
            proof.AuditPath.Select(p => MerkleHash.FromBytes(p.Span)).ToList(), MerkleHash.FromBytes(checkpoint.RootHash.Span));

        // And the NGO's entry, alone or in a range with the council's own, is refused with nothing of it given
        foreach (var (start, end) in new[] { (others, others + 1), (Math.Min(own, others), Math.Max(own, others) + 1) })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => council.Audit.GetEntriesAsync(new GetEntriesRequest { Start = start, End = end }, cancellationToken: Token).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            Assert.DoesNotContain("bawso", refused.Status.Detail, StringComparison.Ordinal);
        }
    }
}
