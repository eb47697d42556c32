using IntelHub.Storage.Postgres;
using IntelHub.Storage.Sqlite;

namespace IntelHub.Storage.Tests;

public sealed class StoreSettingsTests
{
    [Fact]
    public async Task Default_settings_open_an_embedded_SQLite_file_under_data()
    {
        // Given the settings with nothing configured
        var settings = new StoreSettings();

        // When they are validated and a store is opened in a temporary folder
        var folder = Directory.CreateTempSubdirectory("intelhub-settings-").FullName;
        try
        {
            await using var store = (settings with { SqlitePath = Path.Combine(folder, "data", "intelhub.db") }).Open();

            // Then they are valid, the default file is ./data/intelhub.db, and the store is SQLite with its folder created
            Assert.Empty(settings.Validate());
            Assert.Equal(Path.Combine(".", "data", "intelhub.db"), settings.SqlitePath);
            Assert.IsType<SqliteHubStore>(store);
            Assert.True(Directory.Exists(Path.Combine(folder, "data")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_is_refused_naming_the_setting()
    {
        // Given PostgreSQL chosen without a connection string
        var settings = new StoreSettings { Engine = StoreEngine.Postgres };

        // When validated and opened
        var error = Assert.Single(settings.Validate());
        var refusal = Assert.Throws<InvalidOperationException>(() => settings.Open());

        // Then the message names the setting and shows what to put there
        Assert.Contains("Storage:PostgresConnectionString is required", error, StringComparison.Ordinal);
        Assert.Contains(error, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_repeating_it()
    {
        // Given a connection string with an unknown keyword and a password in it
        var settings = new StoreSettings { Engine = StoreEngine.Postgres, PostgresConnectionString = "Host=db;Pasword=hunter2-secret" };

        // When validated
        var error = Assert.Single(settings.Validate());

        // Then the setting is named and the secret is not echoed
        Assert.Contains("Storage:PostgresConnectionString is not a valid", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_PostgreSQL_setting_opens_a_PostgreSQL_store()
    {
        // Given a well-formed connection string
        var settings = new StoreSettings { Engine = StoreEngine.Postgres, PostgresConnectionString = "Host=db.internal;Database=intelhub;Username=intelhub" };

        // When opened (no connection is made until the store is used)
        await using var store = settings.Open();

        // Then it is the PostgreSQL store
        Assert.Empty(settings.Validate());
        Assert.IsType<PostgresHubStore>(store);
    }
}
