// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Configuration;

namespace Para.Security.Identity;

/// <summary>Knows which app is the root app: <c>App.id(para.app_name)</c>, <c>app:para</c> by default (para-spec.md §0.1).</summary>
public sealed class ParaRootApp
{
    /// <summary>The root app's name when <c>para.app_name</c> is not set.</summary>
    public const string DefaultName = "para";

    /// <summary>Initializes a new instance of the <see cref="ParaRootApp"/> class.</summary>
    /// <param name="config">The Para configuration; reads <c>para.app_name</c>.</param>
    public ParaRootApp(ParaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Id = ParaAppId.Normalize(config.Get("app_name", DefaultName)) ?? ParaAppId.Prefix + DefaultName;
    }

    /// <summary>Gets the root app id, e.g. <c>app:para</c>.</summary>
    public string Id { get; }

    /// <summary>Gets the root app identifier, e.g. <c>para</c> (the <c>appid</c> of root users).</summary>
    public string Identifier => ParaAppId.Identifier(Id);

    /// <summary>Returns whether a name, identifier or id denotes the root app (compared after normalisation, as <c>App.isRoot</c> does).</summary>
    /// <param name="appIdOrName">An app id, identifier or name.</param>
    /// <returns><see langword="true"/> for the root app.</returns>
    public bool IsRoot(string? appIdOrName) => string.Equals(ParaAppId.Normalize(appIdOrName), Id, StringComparison.Ordinal);

    /// <summary>Returns whether an app is the root app.</summary>
    /// <param name="app">The app, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> for the root app.</returns>
    public bool IsRoot(ParaApp? app) => app is not null && IsRoot(app.Id);
}
