// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Authentication;
using Para.Security.Filters.OAuth;
using Para.Security.Identity;
using Para.Security.Json;
using Para.Security.Providers;
using Para.Security.Storage;

namespace Para.Security.Filters.Providers;

/// <summary>
/// <c>GET /v1/_diagnostics/{provider}?appid=…</c> for the root app, for every registered provider: explains one app's
/// setup of that provider as this server sees it (the redirect URI it sends, forwarded-header handling, credentials,
/// what the provider's hook adds, and whether the endpoints answer), the questions behind most "it does not work
/// behind my proxy" reports.
/// </summary>
public static class ProviderDiagnosticsEndpoints
{
    /// <summary>The endpoint's path below which each provider's name follows.</summary>
    public const string PathPrefix = "/v1/_diagnostics/";

    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapProviderDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(PathPrefix + "{provider}", (Func<HttpContext, string, Task<IResult>>)DiagnoseAsync);
        return endpoints;
    }

    private static async Task<IResult> DiagnoseAsync(HttpContext context, string provider)
    {
        var services = context.RequestServices;
        var root = services.GetRequiredService<ParaRootApp>();
        var caller = Caller(context);
        if (caller is null || !root.IsRoot(caller))
        {
            return Results.Json(ParaJson.Error(StatusCodes.Status403Forbidden, "Only the root app can read diagnostics."), statusCode: StatusCodes.Status403Forbidden);
        }

        if (services.GetRequiredService<AuthProviderRegistry>().Find(provider)?.Descriptor is not { } descriptor)
        {
            return Results.Json(ParaJson.Error(StatusCodes.Status404NotFound, "No such provider."), statusCode: StatusCodes.Status404NotFound);
        }

        var appId = ParaAppId.Normalize(context.Request.Query["appid"].ToString()) ?? root.Id;
        var app = await services.GetRequiredService<IAppStore>().FindAsync(appId, context.RequestAborted).ConfigureAwait(false);
        var problems = new JsonArray();
        var report = new JsonObject { ["provider"] = descriptor.Name, ["app"] = appId, ["exists"] = app is not null };
        if (app is null)
        {
            problems.Add($"the app {appId} does not exist: create it with GET /v1/_setup/{ParaAppId.Identifier(appId)} or `apps create`");
            report["problems"] = problems;
            return Results.Json(report);
        }

        if (descriptor.CredentialsPrefix is { } prefix)
        {
            report["credentials"] = ProviderDiagnosticsChecks.Credentials(app, root.IsRoot(app), prefix, services.GetRequiredService<ParaSettingsResolver>(), problems);
        }

        report["redirect_uri"] = OAuthRedirectUri.ForCallback(context.Request, descriptor.CallbackPath);
        if (descriptor.StartPath is { } start)
        {
            report["start_url"] = OAuthRedirectUri.ForCallback(context.Request, start) + "?appid=" + Uri.EscapeDataString(app.Identifier);
        }

        report["forwarded_headers"] = ProviderDiagnosticsChecks.Forwarded(context.Request, problems);
        var hook = new AuthProviderDiagnosticsContext(context, app, report, problems);
        descriptor.Diagnostics?.Invoke(hook);
        report["endpoints"] = await ProviderDiagnosticsChecks.ProbeAllAsync(descriptor.Name, hook.Endpoints, services.GetRequiredService<IHttpClientFactory>(), problems, context.RequestAborted).ConfigureAwait(false);
        report["server_time"] = services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        report["problems"] = problems;
        return Results.Json(report);
    }

    // The calling app (signed request or super token), or the app of an admin user.
    private static ParaApp? Caller(HttpContext context) => ParaAuthentication.Get(context) switch
    {
        { User: null } app => app.App,
        { User.Groups: ParaGroups.Admins } admin => admin.App,
        _ => null,
    };
}
