using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IntelHub.LoadGenerator.Target;

/// <summary>
/// The in-process hub's warnings and errors, counted by category and event, with the first message
/// of each: what the hub itself said went wrong under load. Kept off the console so that the report
/// stays readable; the report lists them.
/// </summary>
internal sealed class HubLogWatch : ILoggerProvider
{
    private const int MessageLength = 400;
    private readonly ConcurrentDictionary<(LogLevel Level, string Category, int EventId), HubLogEntry> _entries = new();

    public IReadOnlyList<HubLogEntry> Entries =>
        _entries.Values.OrderByDescending(e => e.Level).ThenByDescending(e => e.Count).ToList();

    public ILogger CreateLogger(string categoryName) => new Watcher(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var first = exception is null ? message : $"{message} ({exception.GetType().Name}: {exception.Message})";
        var entry = _entries.GetOrAdd((level, category, eventId.Id),
            _ => new HubLogEntry(level, category, eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                first.Length > MessageLength ? first[..MessageLength] + "…" : first));
        entry.Increment();
    }

    private sealed class Watcher(HubLogWatch watch, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel)) watch.Add(logLevel, category, eventId, formatter(state, exception), exception);
        }
    }
}

/// <summary>One kind of warning or error the hub logged, how often, and its first message.</summary>
internal sealed class HubLogEntry(LogLevel level, string category, string eventName, string firstMessage)
{
    private long _count;

    public LogLevel Level { get; } = level;

    public string Category { get; } = category;

    public string EventName { get; } = eventName;

    public string FirstMessage { get; } = firstMessage;

    public long Count => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
