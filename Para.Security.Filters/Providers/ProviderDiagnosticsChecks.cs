// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Identity;

namespace Para.Security.Filters.Providers;

/// <summary>The checks of <see cref="ProviderDiagnosticsEndpoints"/> that are the same for every provider.</summary>
internal static class ProviderDiagnosticsChecks
{
    public static JsonObject Credentials(ParaApp app, bool isRoot, string prefix, ParaSettingsResolver settings, JsonArray problems)
    {
        var (idKey, secretKey) = (prefix + "_app_id", prefix + "_secret");
        var hasId = app.Settings.ContainsKey(idKey);
        var hasSecret = app.Settings.ContainsKey(secretKey);
        var keys = settings.GetOAuthKeysForApp(app, prefix);
        var usable = keys.ClientId.Length > 0 && keys.ClientSecret.Length > 0;
        var source = hasId && hasSecret ? "app settings" : isRoot ? $"configuration (para.{idKey} / para.{secretKey})" : "none";
        if (hasId != hasSecret)
        {
            problems.Add(isRoot
                ? $"only one of {idKey} / {secretKey} is in the root app's settings: both are then taken from the configuration"
                : $"only one of {idKey} / {secretKey} is set: a child app needs both (PUT /v1/_settings/{idKey} and /{secretKey})");
        }

        if (!usable)
        {
            var env = "PARA_" + prefix.ToUpperInvariant();
            problems.Add(isRoot
                ? $"no usable credentials: set para.{idKey} and para.{secretKey} (or {env}_APP_ID / {env}_SECRET)"
                : $"no usable credentials: set both app settings {idKey} and {secretKey}");
        }

        // Never the secret itself: only whether it is there.
        return new JsonObject { ["source"] = source, ["client_id"] = keys.ClientId.Length > 0 ? keys.ClientId : null, ["secret_set"] = keys.ClientSecret.Length > 0, ["usable"] = usable };
    }

    public static JsonObject Forwarded(HttpRequest request, JsonArray problems)
    {
        var proto = request.Headers["X-Forwarded-Proto"].ToString();
        var host = request.Headers["X-Forwarded-Host"].ToString();
        if (host.Length > 0 && !string.Equals(host, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"X-Forwarded-Host is {host} but the redirect URI uses the Host header {request.Host.Value}: make the proxy pass the public Host header");
        }

        if (proto.Length == 0 && !request.IsHttps)
        {
            problems.Add("the redirect URI is plain http: providers require https return URLs outside localhost; terminate TLS in front and send X-Forwarded-Proto: https");
        }

        return new JsonObject
        {
            ["x_forwarded_proto"] = proto.Length > 0 ? proto : null,
            ["x_forwarded_host"] = host.Length > 0 ? host : null,
            ["scheme_used"] = proto.Length > 0 ? proto : request.Scheme,
            ["note"] = "as in Para, X-Forwarded-Proto (or CloudFront-Forwarded-Proto) replaces the scheme; the host always comes from the Host header",
        };
    }

    public static async Task<JsonObject> ProbeAllAsync(string provider, IReadOnlyList<KeyValuePair<string, Uri>> endpoints, IHttpClientFactory factory, JsonArray problems, CancellationToken cancellationToken)
    {
        var result = new JsonObject();
        if (endpoints.Count == 0)
        {
            return result;
        }

        var client = factory.CreateClient(BackchannelServiceCollectionExtensions.ClientNamePrefix + provider);
        foreach (var (name, uri) in endpoints)
        {
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
