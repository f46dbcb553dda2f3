// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Tests.Infrastructure;

/// <summary>Finds the repository root and the shared folder beside it (a missing prerequisite goes through <see cref="Requires"/>).</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Para.Security.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Para.Security.sln not found above " + TestContext.CurrentContext.TestDirectory);
    });

    public static string RepoRoot => Root.Value;

    public static string InRepo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    public static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([RepoRoot, "..", "shared", .. parts]));
}
