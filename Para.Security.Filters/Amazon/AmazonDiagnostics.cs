// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.DependencyInjection;
using Para.Security.Providers;

namespace Para.Security.Filters.Amazon;

/// <summary>
/// What Login with Amazon adds to <c>GET /v1/_diagnostics/amazon</c>: the app's region and the endpoints the filter
/// itself resolves for the app (so the report shows exactly what a sign-in would call).
/// </summary>
internal static class AmazonDiagnostics
{
    public static void Describe(AuthProviderDiagnosticsContext context)
    {
        var filter = context.Services.GetRequiredService<AmazonAuthFilter>();
        context.Report["region"] = filter.GetRegion(context.App);
        var endpoints = filter.GetEndpoints(context.App);
        context.AddEndpoint("authorize", endpoints.Authorization);
        context.AddEndpoint("token", endpoints.Token);
        context.AddEndpoint("profile", endpoints.UserInformation);
        context.AddEndpoint("tokeninfo", endpoints.TokenInformation);
    }
}
