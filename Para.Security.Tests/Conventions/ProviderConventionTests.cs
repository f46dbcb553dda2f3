// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Conventions;

/// <summary>Every provider the server registers has its docs page, listed in the docs index (style guide rule 24).</summary>
public sealed class ProviderConventionTests
{
    private static IEnumerable<TestCaseData> Providers() =>
        ReferenceConfTests.ServerProviders.Select(p => new TestCaseData(p.Name).SetName("provider " + p.Name));

    [TestCaseSource(nameof(Providers))]
    public void Provider_HasADocsPageListedInTheIndex(string name)
    {
        // Arrange
        var page = RepoPaths.InRepo("docs", "providers", name + ".md");

        // Act
        var index = File.ReadAllText(RepoPaths.InRepo("docs", "index.md"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(page), Is.True, $"docs/providers/{name}.md is missing");
            Assert.That(index, Does.Contain($"(providers/{name}.md)"), $"docs/index.md does not link docs/providers/{name}.md");
        });
    }
}
