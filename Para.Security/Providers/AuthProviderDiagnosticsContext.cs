// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Para.Security.Identity;

namespace Para.Security.Providers;

/// <summary>
/// What a provider's diagnostics hook (<see cref="AuthProviderDescriptor.Diagnostics"/>) sees and fills in for
/// <c>GET /v1/_diagnostics/{name}</c>: the settings it resolves for the app, the endpoints to probe, the problems it finds.
/// The common parts (credentials, redirect URI, forwarded headers, probing) are done for every provider.
/// </summary>
public sealed class AuthProviderDiagnosticsContext
{
    private readonly List<KeyValuePair<string, Uri>> _endpoints = [];

    /// <summary>Initializes a new instance of the <see cref="AuthProviderDiagnosticsContext"/> class.</summary>
    /// <param name="http">The diagnostics request.</param>
    /// <param name="app">The app diagnosed.</param>
    /// <param name="report">The report being written.</param>
    /// <param name="problems">The problems found so far.</param>
    public AuthProviderDiagnosticsContext(HttpContext http, ParaApp app, JsonObject report, JsonArray problems)
    {
        Http = http ?? throw new ArgumentNullException(nameof(http));
        App = app ?? throw new ArgumentNullException(nameof(app));
        Report = report ?? throw new ArgumentNullException(nameof(report));
        Problems = problems ?? throw new ArgumentNullException(nameof(problems));
    }

    /// <summary>Gets the diagnostics request.</summary>
    public HttpContext Http { get; }

    /// <summary>Gets the request's services, to resolve the provider's filter.</summary>
    public IServiceProvider Services => Http.RequestServices;

    /// <summary>Gets the app diagnosed.</summary>
    public ParaApp App { get; }

    /// <summary>Gets the report; a hook adds its own fields (never a secret).</summary>
    public JsonObject Report { get; }

    /// <summary>Gets the problems found, each a sentence naming the fix.</summary>
    public JsonArray Problems { get; }

    /// <summary>Gets the endpoints to probe, by name, in the order added.</summary>
    public IReadOnlyList<KeyValuePair<string, Uri>> Endpoints => _endpoints;

    /// <summary>Adds an endpoint the server calls, to be probed for reachability.</summary>
    /// <param name="name">A short name, e.g. <c>token</c>.</param>
    /// <param name="uri">The endpoint; <see langword="null"/> is skipped.</param>
    public void AddEndpoint(string name, Uri? uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (uri is not null)
        {
            _endpoints.Add(new(name, uri));
        }
    }
}
