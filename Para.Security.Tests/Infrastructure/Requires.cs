// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Tests.Infrastructure;

/// <summary>
/// The one rule for a test whose prerequisite may be absent on a developer's machine (PostgreSQL's initdb, Chromium,
/// the HOCON corpus beside the repository, the sources next to the binaries): without it the test is skipped with the
/// reason, except on CI (the <c>CI</c> environment variable set), where a missing prerequisite is a failure, so a build
/// agent that lacks it cannot pass by skipping. Every skip of the suite goes through here (SkipRuleConventionTests).
/// </summary>
internal static class Requires
{
    /// <summary>Gets a value indicating whether the run is on CI (the <c>CI</c> environment variable is set).</summary>
    public static bool IsCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Skips the test (fails it on CI) unless the prerequisite is present.</summary>
    /// <param name="present">Whether the prerequisite is there.</param>
    /// <param name="reason">What is missing and how to get it.</param>
    public static void That(bool present, string reason) => That(present, reason, IsCi);

    /// <summary>Returns a prerequisite that was found; skips the test (fails it on CI) when it was not.</summary>
    /// <typeparam name="T">What was looked for (a path, say).</typeparam>
    /// <param name="found">What the search found, or <see langword="null"/>.</param>
    /// <param name="reason">What is missing and how to get it.</param>
    /// <returns><paramref name="found"/>, never <see langword="null"/>.</returns>
    public static T Found<T>(T? found, string reason)
        where T : class
    {
        That(found is not null, reason);
        return found!;
    }

    /// <summary>The rule itself, with the CI flag given, so that both outcomes can be tested in one run.</summary>
    /// <param name="present">Whether the prerequisite is there.</param>
    /// <param name="reason">What is missing and how to get it.</param>
    /// <param name="onCi">Whether the run counts as CI.</param>
    internal static void That(bool present, string reason, bool onCi)
    {
        if (present)
        {
            return;
        }

        if (onCi)
        {
            Assert.Fail(reason + " (CI is set, so a missing prerequisite is a failure, not a skip)");
        }

        Assert.Ignore(reason);
    }
}
