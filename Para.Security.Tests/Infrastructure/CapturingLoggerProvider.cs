// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Para.Security.Tests.Infrastructure;

/// <summary>One captured log entry: category, level, event, the formatted message, the structured state and any exception.</summary>
public sealed record CapturedLogEntry(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, object?>> State,
    Exception? Exception)
{
    /// <summary>Gets a structured value by name (e.g. <c>ErrorCode</c>), or <see langword="null"/>.</summary>
    public string? Get(string name) => State.FirstOrDefault(kv => kv.Key == name).Value?.ToString();

    /// <summary>Everything the entry would put in a log sink: message, every state value, the exception with its inner ones.</summary>
    public string FullText()
    {
        var text = new StringBuilder().Append(Category).Append(' ').Append(Message);
        foreach (var (key, value) in State)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }

        for (var ex = Exception; ex is not null; ex = ex.InnerException)
        {
            text.Append(' ').Append(ex);
        }

        return text.ToString();
    }
}

/// <summary>
/// Captures every log entry of every category and level (Trace included), for assertions on error codes, on the absence
/// of failures, and on secrets never being logged. Thread-safe.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    /// <summary>The <c>ErrorCode</c> values of every <c>SignInFailed</c> entry (the sign-in unit of work's failure line), in order.</summary>
    public IReadOnlyList<string> SignInFailureCodes =>
        [.. Entries.Where(e => e.EventId.Name == "SignInFailed").Select(e => e.Get("ErrorCode") ?? "(none)")];

    /// <summary>
    /// Entries that mean an exception escaped a filter or the server: a <c>FilterFailed</c> event, or an Error or
    /// Critical entry of ASP.NET Core or Para.Security (Polly's telemetry of a failed backchannel attempt is expected).
    /// </summary>
    public IReadOnlyList<CapturedLogEntry> Failures =>
        [.. Entries.Where(e => e.EventId.Name == "FilterFailed"
            || (e.Level >= LogLevel.Error && (e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || e.Category.StartsWith("Para.", StringComparison.Ordinal))))];

    public void Clear() => _entries.Clear();

    /// <summary>All captured text, scopes excluded, one entry a line.</summary>
    public string AllText() => string.Join('\n', Entries.Select(e => e.FullText()));

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            var scopes = new List<KeyValuePair<string, object?>>();
            owner._scopes?.ForEachScope((scope, list) => list.Add(new("Scope", scope)), scopes);
            owner._entries.Enqueue(new CapturedLogEntry(category, logLevel, eventId, formatter(state, exception), [.. values, .. scopes], exception));
        }
    }
}
