// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Para.Security.Authentication;
using Para.Security.Filters.OAuth;
using Para.Security.Identity;
using Para.Security.Json;
using Para.Security.Storage;

namespace Para.Security.Filters.Amazon;

/// <summary>
/// <c>GET /v1/_diagnostics/amazon?appid=…</c> for the root app: explains one app's Login with Amazon setup as this
/// server sees it (the redirect URI it sends, forwarded-header handling, credentials, endpoints and whether they answer),
/// the questions behind most "it does not work behind my proxy" reports.
/// </summary>
public static class AmazonDiagnostics
{
    /// <summary>The endpoint path.</summary>
    public const string Path = "/v1/_diagnostics/amazon";

    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapAmazonDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Path, (Func<HttpContext, Task<IResult>>)DiagnoseAsync);
        return endpoints;
    }

    private static async Task<IResult> DiagnoseAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var root = services.GetRequiredService<ParaRootApp>();
        var caller = Caller(context);
        if (caller is null || !root.IsRoot(caller))
        {
            return Results.Json(ParaJson.Error(StatusCodes.Status403Forbidden, "Only the root app can read diagnostics."), statusCode: StatusCodes.Status403Forbidden);
        }

        var appId = ParaAppId.Normalize(context.Request.Query["appid"].ToString()) ?? root.Id;
        var app = await services.GetRequiredService<IAppStore>().FindAsync(appId, context.RequestAborted).ConfigureAwait(false);
        var problems = new JsonArray();
        var report = new JsonObject { ["app"] = appId, ["exists"] = app is not null };
        if (app is null)
        {
            problems.Add($"the app {appId} does not exist: create it with GET /v1/_setup/{ParaAppId.Identifier(appId)} or `apps create`");
            report["problems"] = problems;
            return Results.Json(report);
        }

        var filter = services.GetRequiredService<AmazonAuthFilter>();
        var settings = services.GetRequiredService<ParaSettingsResolver>();
        report["credentials"] = Credentials(app, root.IsRoot(app), settings, problems);
        report["redirect_uri"] = OAuthRedirectUri.ForCallback(context.Request, AmazonAuthDefaults.CallbackPath);
        report["start_url"] = OAuthRedirectUri.ForCallback(context.Request, filter.StartPath) + "?appid=" + Uri.EscapeDataString(app.Identifier);
        report["forwarded_headers"] = Forwarded(context.Request, problems);
        report["region"] = settings.GetSettingForApp(app, AmazonAuthDefaults.AppSettingPrefix + "region", null)
            ?? services.GetRequiredService<IOptionsMonitor<AmazonAuthOptions>>().CurrentValue.Region;
        report["scope"] = filter.GetScope(app);
        report["strict_state"] = settings.GetSettingForApp(app, "security.oauth.strict_state", null)
            ?? services.GetRequiredService<IOptionsMonitor<OAuthSecurityOptions>>().CurrentValue.StrictState.ToString().ToLowerInvariant();
        report["endpoints"] = await EndpointsAsync(filter.GetEndpoints(app), services.GetRequiredService<IHttpClientFactory>(), problems, context.RequestAborted).ConfigureAwait(false);
        report["server_time"] = services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
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

    private static JsonObject Credentials(ParaApp app, bool isRoot, ParaSettingsResolver settings, JsonArray problems)
    {
        var hasId = app.Settings.ContainsKey("az_app_id");
        var hasSecret = app.Settings.ContainsKey("az_secret");
        var keys = settings.GetOAuthKeysForApp(app, AmazonAuthDefaults.CredentialsPrefix);
        var usable = keys.ClientId.Length > 0 && keys.ClientSecret.Length > 0;
        var source = hasId && hasSecret ? "app settings" : isRoot ? "configuration (para.az_app_id / para.az_secret)" : "none";
        if (hasId != hasSecret)
        {
            problems.Add(isRoot
                ? "only one of az_app_id / az_secret is in the root app's settings: both are then taken from the configuration"
                : "only one of az_app_id / az_secret is set: a child app needs both (PUT /v1/_settings/az_app_id and /az_secret)");
        }

        if (!usable)
        {
            problems.Add(isRoot
                ? "no usable credentials: set para.az_app_id and para.az_secret (or PARA_AZ_APP_ID / PARA_AZ_SECRET)"
                : "no usable credentials: set both app settings az_app_id and az_secret");
        }

        // Never the secret itself: only whether it is there.
        return new JsonObject { ["source"] = source, ["client_id"] = keys.ClientId.Length > 0 ? keys.ClientId : null, ["secret_set"] = keys.ClientSecret.Length > 0, ["usable"] = usable };
    }

    private static JsonObject Forwarded(HttpRequest request, JsonArray problems)
    {
        var proto = request.Headers["X-Forwarded-Proto"].ToString();
        var host = request.Headers["X-Forwarded-Host"].ToString();
        if (host.Length > 0 && !string.Equals(host, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"X-Forwarded-Host is {host} but the redirect URI uses the Host header {request.Host.Value}: make the proxy pass the public Host header");
        }

        if (proto.Length == 0 && !request.IsHttps)
        {
            problems.Add("the redirect URI is plain http: Amazon requires https return URLs outside localhost; terminate TLS in front and send X-Forwarded-Proto: https");
        }

        return new JsonObject
        {
            ["x_forwarded_proto"] = proto.Length > 0 ? proto : null,
            ["x_forwarded_host"] = host.Length > 0 ? host : null,
            ["scheme_used"] = proto.Length > 0 ? proto : request.Scheme,
            ["note"] = "as in Para, X-Forwarded-Proto (or CloudFront-Forwarded-Proto) replaces the scheme; the host always comes from the Host header",
        };
    }

    private static async Task<JsonObject> EndpointsAsync(OAuthEndpoints endpoints, IHttpClientFactory factory, JsonArray problems, CancellationToken cancellationToken)
    {
        var client = factory.CreateClient(BackchannelServiceCollectionExtensions.ClientNamePrefix + AmazonAuthDefaults.ProviderName);
        var result = new JsonObject();
        foreach (var (name, uri) in new[] { ("authorize", endpoints.Authorization), ("token", endpoints.Token), ("profile", endpoints.UserInformation), ("tokeninfo", endpoints.TokenInformation) })
        {
            if (uri is null)
            {
                continue;
            }

            result[name] = await ProbeAsync(client, name, uri, problems, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private static async Task<JsonObject> ProbeAsync(HttpClient client, string name, Uri uri, JsonArray problems, CancellationToken cancellationToken)
    {
        // Any HTTP answer (even 400 or 405) proves the host is reachable; only transport failures count.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return new JsonObject { ["url"] = uri.ToString(), ["reachable"] = true, ["status"] = (int)response.StatusCode };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a diagnostic reports every failure instead of failing itself
        catch (Exception ex)
#pragma warning restore CA1031
        {
            problems.Add($"the {name} endpoint {uri.GetLeftPart(UriPartial.Authority)} is not reachable from this server ({ex.GetType().Name})");
            return new JsonObject { ["url"] = uri.ToString(), ["reachable"] = false, ["error"] = ex.GetType().Name };
        }
    }
}
