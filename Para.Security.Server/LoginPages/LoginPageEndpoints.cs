// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Para.Security.Configuration;
using Para.Security.Filters.Amazon;
using Para.Security.Identity;
using Para.Security.Server.Demo;
using Para.Security.Storage;
using static Para.Security.Server.LoginPages.LoginPageHtml;

namespace Para.Security.Server.LoginPages;

/// <summary>
/// The server's own pages for people: <c>GET /</c> and <c>GET /signin</c> (the login page with the "Login with Amazon"
/// button, also the <c>signin_failure</c> target), <c>GET /signed-in</c> (who is signed in, from the auth cookie) and
/// <c>POST /signout</c> (deletes the auth cookie). Server-rendered HTML, every dynamic value HTML-encoded.
/// </summary>
internal static class LoginPageEndpoints
{
    public const string SignedInPath = "/signed-in";
    public const string SignOutPath = "/signout";

    /// <summary>Maps the pages.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapLoginPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (Func<HttpContext, Task<IResult>>)LoginAsync);
        endpoints.MapGet("/signin", (Func<HttpContext, Task<IResult>>)LoginAsync);
        endpoints.MapGet(SignedInPath, (Func<HttpContext, Task<IResult>>)SignedInAsync);
        endpoints.MapPost(SignOutPath, (Func<HttpContext, IResult>)SignOut);
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var config = services.GetRequiredService<ParaConfig>();
        var root = services.GetRequiredService<ParaRootApp>();
        var request = context.Request;
        var requested = request.Query["appid"].ToString().Trim();
        var appId = ParaAppId.Normalize(requested) ?? root.Id;
        var app = await services.GetRequiredService<IAppStore>().FindAsync(appId, context.RequestAborted).ConfigureAwait(false);

        var body = new StringBuilder("<h1>Sign in</h1><p class=\"sub\">to <strong>")
            .Append(Encode(app?.Name is { Length: > 0 } name ? name : ParaAppId.Identifier(appId))).Append("</strong></p>");
        if (request.Query.ContainsKey("error") || request.Query.ContainsKey("cause"))
        {
            var cause = request.Query["cause"].ToString();
            var retry = request.PathBase.Value + "/" + (requested.Length > 0 ? "?appid=" + Uri.EscapeDataString(requested) : string.Empty);
            body.Append("<div class=\"alert error\" role=\"alert\"><p><strong>Sign-in did not complete.</strong> ")
                .Append("It was cancelled, or Amazon's answer could not be used.</p>");
            if (cause.Length > 0)
            {
                body.Append("<p>Reason: ").Append(Encode(cause)).Append("</p>");
            }

            body.Append("<p><a href=\"").Append(Encode(retry)).Append("\">Try again</a></p></div>");
        }

        if (DemoMode.IsOn(config))
        {
            body.Append("<div class=\"alert demo\"><p><strong>Demo mode.</strong> \"Amazon\" here is a pretend one running on this ")
                .Append("machine: choose a pretend account such as Pat Example. No real Amazon account is used.</p></div>");
        }

        if (app is null)
        {
            body.Append("<div class=\"alert notice\"><p>There is no app <code>").Append(Encode(appId))
                .Append("</code>. Check the <code>appid</code> in the address.</p></div>");
            return Page(context, "Sign in", body.ToString());
        }

        var keys = services.GetRequiredService<ParaSettingsResolver>().GetOAuthKeysForApp(app, AmazonAuthDefaults.CredentialsPrefix);
        if (string.IsNullOrEmpty(keys.ClientId) || string.IsNullOrEmpty(keys.ClientSecret))
        {
            body.Append("<div class=\"alert notice\"><p><strong>Login with Amazon is not set up for this app.</strong></p>")
                .Append(root.IsRoot(app)
                    ? "<p>Set <code>para.az_app_id</code> and <code>para.az_secret</code> (in conf/application.conf, or as "
                      + "<code>PARA_AZ_APP_ID</code> and <code>PARA_AZ_SECRET</code>) to your security profile's client id and secret, "
                      + "or set <code>para.security.demo = true</code> to try it with a pretend Amazon.</p>"
                    : "<p>Set both app settings <code>az_app_id</code> and <code>az_secret</code> of this app "
                      + "(<code>PUT /v1/_settings</code>) to its security profile's client id and secret.</p>")
                .Append("</div>");
            return Page(context, "Sign in", body.ToString());
        }

        // The server starts the sign-in: a sealed, browser-bound state and PKCE (see AbstractOAuthFilter.StartAsync).
        var start = services.GetRequiredService<AmazonAuthFilter>().StartPath;
        var href = QueryHelpers.AddQueryString(request.PathBase.Value + start, "appid", app.Identifier);
        body.Append("<a class=\"amazon\" id=\"login-with-amazon\" href=\"").Append(Encode(href)).Append("\">Login with Amazon</a>");
        return Page(context, "Sign in", body.ToString());
    }

    private static async Task<IResult> SignedInAsync(HttpContext context)
    {
        if (await SessionCookieReader.ReadAsync(context).ConfigureAwait(false) is not var (app, user))
        {
            ApplySecurityHeaders(context.Response);
            return Results.Redirect(context.Request.PathBase.Value + "/");
        }

        var body = new StringBuilder("<h1>You are signed in</h1><p class=\"sub\">as <strong>")
            .Append(Encode(user.Name)).Append("</strong></p><dl>")
            .Append("<dt>Name</dt><dd id=\"user-name\">").Append(Encode(user.Name)).Append("</dd>")
            .Append("<dt>Email</dt><dd id=\"user-email\">").Append(Encode(user.Email)).Append("</dd>")
            .Append("<dt>Identifier</dt><dd id=\"user-identifier\"><code>").Append(Encode(user.Identifier)).Append("</code></dd>")
            .Append("<dt>User id</dt><dd><code>").Append(Encode(user.Id)).Append("</code></dd>")
            .Append("<dt>App</dt><dd id=\"user-app\"><code>").Append(Encode(app.Id)).Append("</code></dd>")
            .Append("</dl><form method=\"post\" action=\"").Append(Encode(context.Request.PathBase.Value + SignOutPath))
            .Append("\"><button type=\"submit\" id=\"sign-out\">Sign out</button></form>");
        return Page(context, "Signed in", body.ToString());
    }

    private static IResult SignOut(HttpContext context)
    {
        var config = context.RequestServices.GetRequiredService<ParaConfig>();
        var contextPath = config.ContextPath;
        context.Response.Cookies.Delete(config.Get("auth_cookie", "para-auth"), new CookieOptions
        {
            Path = contextPath.HasValue ? contextPath.Value : "/",
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
        });
        ApplySecurityHeaders(context.Response);
        return Results.Redirect(context.Request.PathBase.Value + "/");
    }
}
