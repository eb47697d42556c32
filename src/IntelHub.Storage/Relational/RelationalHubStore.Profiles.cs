using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    /// <summary>How many slices of the items table a profile read reads side by side (SQLite; PostgreSQL reads one statement).</summary>
    internal int ProfileReadParts { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Rows handed from a slice's reader to the compile at a time.</summary>
    internal int ProfileReadBatchSize { get; set; } = 1024;

    public async IAsyncEnumerable<ProfileRow> ReadProfileRowsAsync(
        DateTimeOffset periodStart, DateTimeOffset periodEnd, DateOnly liveOn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (periodEnd <= periodStart) throw new ArgumentOutOfRangeException(nameof(periodEnd), "The period must end after it starts.");
        await using var snapshot = await OpenSnapshotSlicesAsync(ProfileReadParts, cancellationToken);
        // Each slice is read on its own thread while the caller counts: on a multi-core machine SQLite's stepping and the
        // row building run beside the compile's tallies. A bounded channel keeps the readers at most a few batches ahead.
        var batches = Channel.CreateBounded<ProfileRow[]>(new BoundedChannelOptions(2 * snapshot.Slices.Count) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var filling = FillAsync(snapshot, batches.Writer, periodStart, periodEnd, liveOn, stop.Token);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var row in batch) yield return row;
            }
        }
        finally
        {
            // The caller stopped early or failed: the readers stop too, and their connections close only once they have.
            await stop.CancelAsync();
            await filling;
        }
    }

    /// <summary>Reads every slice into the channel, then completes it (with the first failure, if any).</summary>
    private async Task FillAsync(SnapshotSlices snapshot, ChannelWriter<ProfileRow[]> batches, DateTimeOffset from, DateTimeOffset to, DateOnly liveOn, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(snapshot.Slices.Select(slice => Task.Run(() => ReadProfileSliceAsync(slice, from, to, liveOn, new ProfileBatches(batches, ProfileReadBatchSize), cancellationToken), cancellationToken)));
            batches.TryComplete();
        }
        catch (Exception exception)
        {
            batches.TryComplete(exception);
        }
    }

    /// <summary>
    /// The profile read of one slice: live items of the period (disposed items and items past their review date are used
    /// by no one, so they never leave the store), each with its shape as one text (the facts a compile decides and counts
    /// on, joined with <see cref="ProfileRowBuilder.FieldSeparator"/>: few distinct values, each parsed once) and its
    /// profile summary's entities and people. One row read per item, no index seek per item and list.
    /// </summary>
    private protected static string ProfileSql(string slicePredicate) =>
        "SELECT i.item_id, i.kind || @fs || i.originator_agency_id || @fs || i.classification || @fs || COALESCE(i.grading, '') || @fs || " +
        "COALESCE(i.legacy_grading, '') || @fs || i.handling_conditions || @fs || i.personal_data_categories || @fs || " +
        "CASE WHEN i.sanitised_text IS NULL OR i.sanitised_text = '' THEN '0' ELSE '1' END || @fs || " +
        "COALESCE(i.profile_themes, '') || @fs || COALESCE(i.profile_areas, ''), " +
        "COALESCE(i.occurred_from, i.occurred_to, i.created_at), COALESCE(i.occurred_to, i.occurred_from, i.created_at), " +
        "i.profile_entities, i.profile_people " +
        "FROM items i WHERE COALESCE(i.occurred_from, i.occurred_to, i.created_at) < @to " +
        "AND COALESCE(i.occurred_to, i.occurred_from, i.created_at) >= @from " +
        "AND i.disposed_at IS NULL AND i.review_date >= @live_on" + slicePredicate;

    /// <summary>The parameters of <see cref="ProfileSql"/> for a slice.</summary>
    private protected IReadOnlyList<(string Name, object Value)> ProfileParameters(SnapshotSlice slice, DateTimeOffset from, DateTimeOffset to, DateOnly liveOn) =>
        [("fs", ProfileRowBuilder.FieldSeparator.ToString()), ("from", Timestamp(from)), ("to", Timestamp(to)), ("live_on", liveOn), .. slice.Parameters];

    /// <summary>Reads one slice into <paramref name="rows"/> on the slice's connection and snapshot; no write lock.</summary>
    private protected virtual async Task ReadProfileSliceAsync(SnapshotSlice slice, DateTimeOffset from, DateTimeOffset to, DateOnly liveOn, ProfileBatches rows, CancellationToken cancellationToken)
    {
        await using var command = slice.Connection.Command(ProfileSql(slice.Predicate), slice.Transaction);
        foreach (var (name, value) in ProfileParameters(slice, from, to, liveOn)) command.With(name, value);
        command.CommandTimeout = 600;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var builder = new ProfileRowBuilder();
        while (await reader.ReadAsync(cancellationToken))
        {
            await rows.AddAsync(ProfileRowBuilder.Row(
                reader.GetString(0), builder.ShapeOf(reader.GetString(1)), ReadTimestamp(reader, 2), ReadTimestamp(reader, 3),
                reader.NullableString(4), reader.NullableString(5)), cancellationToken);
        }
        await rows.FlushAsync(cancellationToken);
    }

    /// <summary>A slice reader's rows, handed to the compile a batch at a time.</summary>
    private protected sealed class ProfileBatches(ChannelWriter<ProfileRow[]> channel, int size)
    {
        private readonly List<ProfileRow> _batch = new(size);

        public ValueTask AddAsync(ProfileRow row, CancellationToken cancellationToken)
        {
            _batch.Add(row);
            return _batch.Count < size ? ValueTask.CompletedTask : FlushAsync(cancellationToken);
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_batch.Count == 0) return;
            ProfileRow[] rows = [.. _batch];
            _batch.Clear();
            await channel.WriteAsync(rows, cancellationToken);
        }
    }

    /// <summary>
    /// Connections open on one snapshot of the store, each to read its slice of the items table. The default is one
    /// connection reading the whole table in one statement (a statement reads one snapshot on both engines); an engine
    /// that can share a snapshot between connections overrides it.
    /// </summary>
    private protected virtual async Task<SnapshotSlices> OpenSnapshotSlicesAsync(int wanted, CancellationToken cancellationToken)
    {
        var slices = new SnapshotSlices();
        slices.Add(new SnapshotSlice(await OpenConnectionAsync(cancellationToken), null, "", []));
        return slices;
    }

    /// <summary>One reader's connection, its transaction (holding the shared snapshot, if any) and its slice's SQL predicate.</summary>
    private protected sealed record SnapshotSlice(DbConnection Connection, DbTransaction? Transaction, string Predicate, IReadOnlyList<(string Name, object Value)> Parameters);

    /// <summary>The slices of one snapshot; disposing ends their transactions and closes their connections.</summary>
    private protected sealed class SnapshotSlices : IAsyncDisposable
    {
        private readonly List<SnapshotSlice> _slices = [];

        public IReadOnlyList<SnapshotSlice> Slices => _slices;

        public void Add(SnapshotSlice slice) => _slices.Add(slice);

        public async ValueTask DisposeAsync()
        {
            foreach (var slice in _slices)
            {
                if (slice.Transaction is { } transaction) await transaction.DisposeAsync();
                await slice.Connection.DisposeAsync();
            }
            _slices.Clear();
        }
    }

    /// <summary>A joined list of a shape's sets as its values.</summary>
    private static string[] Split(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : reader.GetString(ordinal).Split(ProfileSummary.Separator);
}
