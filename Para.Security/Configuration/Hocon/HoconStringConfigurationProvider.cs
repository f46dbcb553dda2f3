// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;

namespace Para.Security.Configuration.Hocon;

/// <summary>Loads HOCON text into configuration keys; errors throw <see cref="HoconException"/>.</summary>
public sealed class HoconStringConfigurationProvider : ConfigurationProvider
{
    private readonly HoconStringConfigurationSource _source;

    /// <summary>Creates the provider for a source.</summary>
    /// <param name="source">The source.</param>
    public HoconStringConfigurationProvider(HoconStringConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>Parses and resolves the text.</summary>
    public override void Load()
    {
        var options = new HoconParseOptions
        {
            EnvironmentLookup = _source.EnvironmentLookup,
            AllowIncludes = _source.AllowIncludes,
            BaseDirectory = _source.BaseDirectory,
        };
        Data = HoconConfigurationData.From(HoconParser.ParseString(_source.Text, _source.OriginName, options));
    }
}
