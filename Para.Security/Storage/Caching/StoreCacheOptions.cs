// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;

namespace Para.Security.Storage.Caching;

/// <summary>
/// The in-process read cache in front of the SQLite and PostgreSQL stores (<c>para.cache</c>): apps, users and
/// identifier records read by id are kept for <see cref="Ttl"/>. This process's own writes take effect at once; a write
/// by another process sharing the store is seen within <see cref="Ttl"/>.
/// </summary>
public sealed class StoreCacheOptions
{
    /// <summary>The configuration section, <c>para.cache</c>.</summary>
    public const string Section = "para:cache";

    /// <summary>Gets or sets a value indicating whether reads are cached (<c>para.cache.enabled</c>).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets how long a cached record is used before the store is read again (<c>para.cache.ttl</c>): the longest
    /// time a change made by another server instance (a token revoked, a setting changed) can go unseen here.
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    [ConfigurationKeyName("ttl")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets about how many records each cache (apps, users, identifiers) holds before it is emptied (<c>para.cache.max_entries</c>).</summary>
    /// <value>The default value is 100000.</value>
    [ConfigurationKeyName("max_entries")]
    public int MaxEntries { get; set; } = 100_000;
}
