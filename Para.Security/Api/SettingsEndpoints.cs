// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Configuration;
using Para.Security.Diagnostics;
using Para.Security.Http;
using Para.Security.Identity;
using Para.Security.Storage;

namespace Para.Security.Api;

/// <summary>
/// The app settings API, <c>/v1/_settings</c> (para-spec.md §6): the caller edits its own app's settings only. The app
/// is read and written through the store on every request, so a change is seen by the very next request on every
/// instance. With <c>para.security.mask_setting_secrets</c> on, GET answers show secret values as <c>********</c> to
/// every caller but the root app itself.
/// </summary>
internal static class SettingsEndpoints
{
    private const string Mask = "********";

    /// <summary>Maps the endpoints.</summary>
    /// <param name="endpoints">The route builder.</param>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/_settings", (Func<HttpContext, IResult>)GetAll);
        endpoints.MapGet("/v1/_settings/{key}", (Func<HttpContext, IResult>)GetOne);
        endpoints.MapPut("/v1/_settings", (Func<HttpContext, Task<IResult>>)PutAsync);
        endpoints.MapPut("/v1/_settings/{key}", (Func<HttpContext, Task<IResult>>)PutAsync);
        endpoints.MapDelete("/v1/_settings/{key}", (Func<HttpContext, Task<IResult>>)DeleteAsync);
    }

    private static IResult GetAll(HttpContext context)
    {
        if (ApiPrincipal.OwnApp(context) is not { } app)
        {
            return NotAllowed(context);
        }

        var mask = ShouldMask(context, app);
        var settings = new JsonObject();
        foreach (var (key, value) in app.Settings)
        {
            settings[key] = mask && IsSecret(key) ? Mask : value?.DeepClone();
        }

        return Results.Json(settings);
    }

    // A missing key answers 200 {} (Para's null value omitted), never 404.
    private static IResult GetOne(HttpContext context)
    {
        if (ApiPrincipal.OwnApp(context) is not { } app)
        {
            return NotAllowed(context);
        }

        var key = Key(context);
        var answer = new JsonObject();
        if (app.Settings.TryGetPropertyValue(key, out var value) && value is not null)
        {
            answer["value"] = ShouldMask(context, app) && IsSecret(key) ? Mask : value.DeepClone();
        }

        return Results.Json(answer);
    }

    private static async Task<IResult> PutAsync(HttpContext context)
    {
        if (ApiPrincipal.OwnApp(context) is not { } app)
        {
            return NotAllowed(context);
        }

        var config = Config(context);
        var limit = config.GetInt64("max_entity_size_bytes", RequestBodyReader.DefaultMaxEntitySizeBytes);
        var body = await RequestJson.ReadAsync(context.Request, limit, context.RequestAborted).ConfigureAwait(false);
        if (body.Failure is { } failure)
        {
            // Para answers malformed JSON here with a bare "Bad Request".
            return failure.Kind == RequestBodyFailureKind.MalformedJson
                ? BadRequest(context)
                : ApiResults.Error(context, failure.StatusCode, failure.Message, failure.ErrorCode);
        }

        JsonObject entity;
        using (var document = body.Value!)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return BadRequest(context);
            }

            entity = JsonObject.Create(document.RootElement.Clone())!;
        }

        var key = context.Request.RouteValues["key"] as string;
        if (key is not null && entity.TryGetPropertyValue("value", out var value))
        {
            if (value is null)
            {
                return ApiResults.EmptyOk; // Para ignores a null value
            }

            app.Settings[key] = value.DeepClone();
        }
        else
        {
            // PUT /_settings, and Para's quirk: PUT /_settings/{key} without "value" replaces every setting with the body.
            app.Settings.Clear();
            foreach (var (name, setting) in entity)
            {
                if (!string.IsNullOrWhiteSpace(name) && setting is not null)
                {
                    app.Settings[name] = setting.DeepClone();
                }
            }
        }

        await SaveAsync(context, app).ConfigureAwait(false);
        return ApiResults.EmptyOk;
    }

    private static async Task<IResult> DeleteAsync(HttpContext context)
    {
        if (ApiPrincipal.OwnApp(context) is not { } app)
        {
            return NotAllowed(context);
        }

        if (app.Settings.Remove(Key(context)))
        {
            await SaveAsync(context, app).ConfigureAwait(false);
        }

        return ApiResults.EmptyOk;
    }

    private static async Task SaveAsync(HttpContext context, ParaApp app)
    {
        app.Updated = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
        await context.RequestServices.GetRequiredService<IAppStore>().UpdateAsync(app, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool ShouldMask(HttpContext context, ParaApp app)
    {
        var config = Config(context);
        var rootItself = ApiPrincipal.App(context) is { } caller && caller.Id == app.Id && context.RequestServices.GetRequiredService<ParaRootApp>().IsRoot(caller);
        return config.GetBoolean("security.mask_setting_secrets", false) && !rootItself;
    }

    private static bool IsSecret(string key) =>
        key.EndsWith("_secret", StringComparison.Ordinal) || string.Equals(key, "app_secret_key", StringComparison.Ordinal);

    private static string Key(HttpContext context) => context.Request.RouteValues["key"] as string ?? string.Empty;

    private static ParaConfig Config(HttpContext context) => context.RequestServices.GetRequiredService<ParaConfig>();

    private static IResult NotAllowed(HttpContext context) =>
        ApiResults.Error(context, StatusCodes.Status403Forbidden, "Not allowed.", ParaSecurityErrors.SettingsNotAllowed);

    private static IResult BadRequest(HttpContext context) =>
        ApiResults.Error(context, StatusCodes.Status400BadRequest, "Bad Request", ParaSecurityErrors.MalformedJson);
}
