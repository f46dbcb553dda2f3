// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Providers;
using Para.Security.Server.Demo;
using Para.Security.Storage;
using static Para.Security.Server.LoginPages.LoginPageHtml;

namespace Para.Security.Server.LoginPages;

/// <summary>
/// The server's own pages for people: <c>GET /</c> and <c>GET /signin</c> (the login page with a button for each
/// provider set up for the app, also the <c>signin_failure</c> target), <c>GET /signed-in</c> (who is signed in, from the auth cookie) and
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
        var providers = endpoints.ServiceProvider.GetRequiredService<AuthProviderRegistry>();
        var html = new LoginPageHtml(providers);
        Func<HttpContext, Task<IResult>> login = context => LoginAsync(context, html, providers);
        endpoints.MapGet("/", login);
        endpoints.MapGet("/signin", login);
        endpoints.MapGet(SignedInPath, (Func<HttpContext, Task<IResult>>)(context => SignedInAsync(context, html)));
        endpoints.MapPost(SignOutPath, (Func<HttpContext, IResult>)(context => SignOut(context, html)));
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, LoginPageHtml html, AuthProviderRegistry providers)
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
                .Append("It was cancelled, or the provider's answer could not be used.</p>");
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
            return html.Page(context, "Sign in", body.ToString());
        }

        LoginButtons.Append(body, request, app, root.IsRoot(app), providers, services.GetRequiredService<ParaSettingsResolver>());
        return html.Page(context, "Sign in", body.ToString());
    }

    private static async Task<IResult> SignedInAsync(HttpContext context, LoginPageHtml html)
    {
        if (await SessionCookieReader.ReadAsync(context).ConfigureAwait(false) is not var (app, user))
        {
            html.ApplySecurityHeaders(context.Response);
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
        return html.Page(context, "Signed in", body.ToString());
    }

    private static IResult SignOut(HttpContext context, LoginPageHtml html)
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
        html.ApplySecurityHeaders(context.Response);
        return Results.Redirect(context.Request.PathBase.Value + "/");
    }
}
