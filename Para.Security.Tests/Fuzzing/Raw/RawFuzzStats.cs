// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text;

namespace Para.Security.Tests.Fuzzing.Raw;

/// <summary>Answers of a raw fuzz run by family and status, and the first requests of each kind that failed.</summary>
internal sealed class RawFuzzStats
{
    private const int Kept = 5;
    private readonly Dictionary<string, Dictionary<int, int>> _byFamily = [];

    public int Total { get; private set; }

    public List<(RawRequest Request, int Status)> ServerErrors { get; } = [];

    public List<(RawRequest Request, int Status)> Unanswered { get; } = [];

    public void Record(RawRequest request, int status)
    {
        Total++;
        var statuses = _byFamily.TryGetValue(request.Family, out var found) ? found : _byFamily[request.Family] = [];
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
        if (status >= 500 && ServerErrors.Count < Kept)
        {
            ServerErrors.Add((request, status));
        }

        // A request the client half-closed may be dropped unanswered; any other must get an answer, and no request may hang.
        if ((status == RawHttpClient.TimedOut || (status == RawHttpClient.NoAnswer && !request.HalfClose)) && Unanswered.Count < Kept)
        {
            Unanswered.Add((request, status));
        }
    }

    public int Count(string family) => _byFamily.TryGetValue(family, out var s) ? s.Values.Sum() : 0;

    public int Count(string family, Func<int, bool> status) => _byFamily.TryGetValue(family, out var s) ? s.Where(kv => status(kv.Key)).Sum(kv => kv.Value) : 0;

    public int CountAll(Func<int, bool> status) => _byFamily.Keys.Sum(f => Count(f, status));

    /// <summary>The run in a few lines: answers by status class, then each family's statuses.</summary>
    public string Summary(TimeSpan elapsed)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Total} requests in {elapsed.TotalSeconds:F1} s; ");
        text.AppendJoin(", ", new[] { 1, 2, 3, 4, 5 }.Select(c => $"{c}xx: {CountAll(s => s / 100 == c)}"));
        text.Append(CultureInfo.InvariantCulture, $", no answer (half-closed): {CountAll(s => s == RawHttpClient.NoAnswer)}, timed out: {CountAll(s => s == RawHttpClient.TimedOut)}");
        foreach (var (family, statuses) in _byFamily.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append(family).Append(": ").AppendJoin(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}"));
        }

        return text.ToString();
    }
}
