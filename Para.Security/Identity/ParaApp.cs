// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;

namespace Para.Security.Identity;

/// <summary>
/// A Para app (tenant): <c>app:{identifier}</c> with its secret, settings and flags (para-spec.md §0.1).
/// </summary>
public sealed class ParaApp
{
    /// <summary>Gets or sets the app id, always normalised (<c>app:myapp</c>, see <see cref="ParaAppId"/>).</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the display name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the app secret (56 Base64 characters for generated secrets).</summary>
    public required string Secret { get; set; }

    /// <summary>Gets or sets a value indicating whether the app is active.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Active { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the app rejects writes (POST, PUT, PATCH, DELETE) on the API.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Gets or sets the token validity in seconds stored on the app, or <see langword="null"/> to use the settings and configuration.</summary>
    public long? TokenValiditySec { get; set; }

    /// <summary>Gets or sets the id of the object that created this app, if any.</summary>
    public string? CreatorId { get; set; }

    /// <summary>Gets or sets the creation time in epoch milliseconds.</summary>
    public long Timestamp { get; set; }

    /// <summary>Gets or sets the last-update time in epoch milliseconds, if ever updated.</summary>
    public long? Updated { get; set; }

    /// <summary>Gets the free-form app settings map managed through <c>/v1/_settings</c> (para-spec.md §6).</summary>
    public JsonObject Settings { get; init; } = [];

    /// <summary>Gets the identifier: the id without its <c>app:</c> prefix.</summary>
    public string Identifier => ParaAppId.Identifier(Id);

    /// <summary>Copies the app, settings included (a deep copy), so that the copy shares no mutable state with this one.</summary>
    /// <returns>The copy.</returns>
    public ParaApp Clone() => new()
    {
        Id = Id,
        Name = Name,
        Secret = Secret,
        Active = Active,
        ReadOnly = ReadOnly,
        TokenValiditySec = TokenValiditySec,
        CreatorId = CreatorId,
        Timestamp = Timestamp,
        Updated = Updated,
        Settings = (JsonObject)Settings.DeepClone(),
    };
}
