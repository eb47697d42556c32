using System.Text;
using IntelHub.Server.AuditTrail;
using IntelHub.Storage;
using IntelHub.Storage.Postgres;
using IntelHub.Storage.Sqlite;
using IntelHub.Testing.Postgres;

namespace IntelHub.Server.Tests;

/// <summary>Concurrent requests' audit entries share commits, yet each request gets exactly its own leaves.</summary>
public sealed class AuditGroupCommitTests(PostgresCluster cluster)
{
    private const int Requests = 60;
    private const int EntriesPerRequest = 3;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public Task Every_request_gets_its_own_consecutive_leaves_and_the_log_holds_exactly_its_entries(Engine engine) =>
        WithStoreAsync(engine, "group_commit", async store =>
        {
            var log = new AuditGroupCommit(store);

            // When many requests append at once
            var appended = await Task.WhenAll(Enumerable.Range(0, Requests).Select(request => Task.Run(() =>
                log.AppendAsync([.. Enumerable.Range(0, EntriesPerRequest).Select(e => Entry(request, e))], Token), Token)));
            await log.DisposeAsync();

            // Then every leaf is used once, each request's leaves are consecutive, and each leaf holds that request's entry
            Assert.Equal(Enumerable.Range(0, Requests * EntriesPerRequest).Select(i => (long)i), appended.SelectMany(i => i).Order());
            Assert.All(appended, indices => Assert.Equal(Enumerable.Range(0, EntriesPerRequest).Select(e => indices[0] + e), indices));
            var stored = await store.ReadAuditAsync(0, Requests * EntriesPerRequest, Token);
            for (var request = 0; request < Requests; request++)
            {
                for (var e = 0; e < EntriesPerRequest; e++)
                    Assert.Equal(Entry(request, e).ToArray(), stored[(int)appended[request][e]].CanonicalEntry.ToArray());
            }
            Assert.True(await log.AppendAsync([], Token) is { Count: 0 });
            await Assert.ThrowsAsync<InvalidOperationException>(() => log.AppendAsync([Entry(0, 0)], Token));
        });

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public Task An_acknowledgement_beyond_the_inbox_is_refused_alone_while_the_requests_sharing_its_commit_are_written(Engine engine) =>
        WithStoreAsync(engine, "group_commit_ack", async store =>
        {
            var log = new AuditGroupCommit(store);

            // When requests append while an agency with an empty inbox acknowledges position 0 (nothing) and position 1 (never delivered)
            var appends = Enumerable.Range(0, Requests).Select(request => Task.Run(() => log.AppendAsync([Entry(request, 0)], Token), Token)).ToList();
            var nothing = log.AcknowledgeAsync("wales-riu", 0, [Entry(-1, 0)], Token);
            var refusal = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.AcknowledgeAsync("wales-riu", 1, [Entry(-2, 0)], Token));
            var appended = await Task.WhenAll(appends);

            // Then the refused one says how far the inbox goes and writes nothing; everything else is written, without gaps
            Assert.Contains("up to position 0", (await refusal).Message, StringComparison.Ordinal);
            Assert.Equal(0, await nothing);
            Assert.Equal(0, await store.AcknowledgedPositionAsync("wales-riu", Token));
            await log.DisposeAsync();
            Assert.Equal(Requests + 1, await store.AuditCountAsync(Token));
            var stored = (await store.ReadAuditAsync(0, Requests + 1, Token)).Select(r => Encoding.UTF8.GetString(r.CanonicalEntry.Span)).ToList();
            Assert.DoesNotContain(stored, e => e.StartsWith("request -2", StringComparison.Ordinal));
            Assert.Contains("request -1 entry 0", stored);
            for (var request = 0; request < Requests; request++) Assert.Equal($"request {request} entry 0", stored[(int)appended[request][0]]);
        });

    /// <summary>Runs <paramref name="test"/> on a migrated store of the engine, in a folder (SQLite) or database (PostgreSQL) of its own.</summary>
    private async Task WithStoreAsync(Engine engine, string databaseName, Func<IHubStore, Task> test)
    {
        var directory = Directory.CreateTempSubdirectory("intelhub-group-commit-").FullName;
        try
        {
            await using var store = engine == Engine.Sqlite
                ? (IHubStore)new SqliteHubStore(Path.Combine(directory, "hub.db"))
                : PostgresHubStore.Open(await cluster.CreateDatabaseAsync(databaseName));
            await store.MigrateAsync(Token);
            await test(store);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ReadOnlyMemory<byte> Entry(int request, int entry) => Encoding.UTF8.GetBytes($"request {request} entry {entry}");
}
