// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Diagnostics;
using Para.Security.Identity;
using Para.Security.Json;

namespace Para.Security.Api;

/// <summary><c>GET /v1/_setup/{name}</c> and <c>POST /v1/_newkeys</c> (para-spec.md §10.1).</summary>
internal static class AppKeysEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="endpoints">The route builder.</param>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/_setup/{name}", (Func<HttpContext, Task<IResult>>)SetupChildAsync);
        endpoints.MapPost("/v1/_newkeys", (Func<HttpContext, Task<IResult>>)NewKeysAsync);
    }

    // Root app only (a signed request or a root super token): creates app:{name}; an existing app answers "All set!".
    private static async Task<IResult> SetupChildAsync(HttpContext context)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<ParaRootApp>().IsRoot(ApiPrincipal.App(context)))
        {
            return ApiResults.Error(context, StatusCodes.Status403Forbidden, "Only root app can create and initialize other apps.", ParaSecurityErrors.SetupNotRoot);
        }

        var name = context.Request.RouteValues["name"] as string ?? string.Empty;
        var query = context.Request.Query;
        var result = await services.GetRequiredService<ParaAppService>()
            .CreateChildAppAsync(name, query["name"].FirstOrDefault(), query["creatorid"].FirstOrDefault(), context.RequestAborted)
            .ConfigureAwait(false);
        return result switch
        {
            { Status: AppSetupStatus.Created, AccessKey: { } accessKey, SecretKey: { } secretKey } => Results.Json(ParaJson.SetupKeys(accessKey, secretKey)),
            { Status: AppSetupStatus.InvalidName } => ApiResults.Error(context, StatusCodes.Status400BadRequest, "Invalid app id.", ParaSecurityErrors.InvalidAppName),
            _ => Results.Json(ParaJson.Message("All set!")),
        };
    }

    // Any app (signed request or super token) rotates its own secret; the old one stops working at once.
    private static async Task<IResult> NewKeysAsync(HttpContext context)
    {
        if (ApiPrincipal.App(context) is not { } app)
        {
            return ApiResults.Error(context, StatusCodes.Status401Unauthorized, "Not an app.", ParaSecurityErrors.NotAnApp);
        }

        var secret = await context.RequestServices.GetRequiredService<ParaAppService>().ResetSecretAsync(app, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(ParaJson.NewKeys(app.Id, secret));
    }
}
