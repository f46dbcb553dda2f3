// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Api;
using Para.Security.Authentication;
using Para.Security.Identity;
using Para.Security.Json;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Para's API endpoints: <c>app.MapParaApi()</c>.</summary>
public static class ParaApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /v1/_me</c>, <c>GET /v1/_setup</c>, <c>GET /v1/_setup/{name}</c>, <c>POST /v1/_newkeys</c> and the
    /// <c>/v1/_settings</c> endpoints (docs/api.md). Callers are authenticated by the pipeline's <c>RestAuthFilter</c>
    /// (<c>builder.AddParaApi()</c>).
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapParaApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/v1/_me", (Func<HttpContext, IResult>)Me);
        endpoints.MapGet("/v1/_setup", (Func<HttpContext, Task<IResult>>)SetupAsync);
        AppKeysEndpoints.Map(endpoints);
        SettingsEndpoints.Map(endpoints);
        return endpoints;
    }

    // Para (§5.10): the user for a user token, the app for a super token, else 401 with an empty body.
    private static IResult Me(HttpContext context)
    {
        if (ParaAuthentication.Get(context) is { } auth)
        {
            return Results.Json(auth.User is { } user ? ParaJson.User(user) : ParaJson.App(auth.App));
        }

        if (context.Items[JwtBearerAuthFilter.ChallengeItem] is string challenge)
        {
            context.Response.Headers.WWWAuthenticate = challenge;
        }

        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    // Para (§10.1): the root keys the first time only, then {"message":"All set!"}. No authentication.
    private static async Task<IResult> SetupAsync(HttpContext context)
    {
        var services = context.RequestServices;
        if (services.GetRequiredService<RootCredentials>().Take() is { } offered)
        {
            return Results.Json(ParaJson.SetupKeys(offered.AccessKey, offered.SecretKey));
        }

        var result = await services.GetRequiredService<ParaAppService>().EnsureRootAppAsync(context.RequestAborted).ConfigureAwait(false);
        return result is { Status: AppSetupStatus.Created, AccessKey: { } accessKey, SecretKey: { } secretKey }
            ? Results.Json(ParaJson.SetupKeys(accessKey, secretKey))
            : Results.Json(ParaJson.Message("All set!"));
    }
}
