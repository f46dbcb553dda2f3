// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;

namespace Para.Security.Configuration;

/// <summary>The source of <see cref="ParaEnvironmentConfigurationProvider"/>.</summary>
internal sealed class ParaEnvironmentConfigurationSource : IConfigurationSource
{
    public required Func<string, string?> Lookup { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ParaEnvironmentConfigurationProvider(Lookup);
}
