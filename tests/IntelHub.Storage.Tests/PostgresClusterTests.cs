using IntelHub.Testing.Postgres;
using Npgsql;

[assembly: AssemblyFixture(typeof(PostgresCluster))]

namespace IntelHub.Storage.Tests;

public sealed class PostgresClusterTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Throwaway_cluster_accepts_connections_and_keeps_databases_apart()
    {
        // Given two databases of their own
        var first = await cluster.CreateDatabaseAsync("first");
        var second = await cluster.CreateDatabaseAsync("second");

        // When a table is created in the first
        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand("CREATE TABLE marker (id int); INSERT INTO marker VALUES (42)", connection);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Then it is there, on a real server on loopback, and absent from the second
        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var read = new NpgsqlCommand("SELECT id FROM marker", connection);
            Assert.Equal(42, await read.ExecuteScalarAsync(TestContext.Current.CancellationToken));
            await using var server = new NpgsqlCommand("SELECT host(inet_server_addr())", connection);
            Assert.Equal("127.0.0.1", await server.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var exists = new NpgsqlCommand("SELECT to_regclass('public.marker') IS NULL", connection);
            Assert.Equal(true, await exists.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
    }
}
