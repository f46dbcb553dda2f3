// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using Microsoft.Extensions.Options;

namespace Para.Security.Storage.Caching;

/// <summary>Checks <see cref="StoreCacheOptions"/> at startup; each message names the HOCON key and the fix.</summary>
public sealed class StoreCacheOptionsValidator : IValidateOptions<StoreCacheOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StoreCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Ttl <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail(
                $"para.cache.ttl must be a positive duration such as 5s, not {options.Ttl.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s; to read the store on every request set para.cache.enabled = false instead.");
        }

        return options.MaxEntries < 1
            ? ValidateOptionsResult.Fail($"para.cache.max_entries = {options.MaxEntries} must be at least 1, e.g. 100000; to turn the cache off set para.cache.enabled = false.")
            : ValidateOptionsResult.Success;
    }
}
