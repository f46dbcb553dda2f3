// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Tests.Infrastructure;

// In the root namespace so that it wraps every fixture of the assembly.
namespace Para.Security.Tests;

/// <summary>Releases what the whole test run shares, once every fixture has finished.</summary>
[SetUpFixture]
public sealed class TestRunTeardown
{
    [OneTimeTearDown]
    public async Task StopSharedPostgresCluster() => await PostgresCluster.StopSharedAsync();
}
