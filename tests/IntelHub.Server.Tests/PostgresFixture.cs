using IntelHub.Testing.Postgres;

// One throwaway PostgreSQL cluster for the whole assembly; each test makes its own database in it.
[assembly: AssemblyFixture(typeof(PostgresCluster))]
