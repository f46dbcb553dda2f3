// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Para.Security.Identity;
using Para.Security.Providers;
using static Para.Security.Server.LoginPages.LoginPageHtml;

namespace Para.Security.Server.LoginPages;

/// <summary>
/// The login page's buttons, one for each registered provider set up for the app: client id and secret present (for
/// the root app in the configuration or its settings, for other apps in their settings, as Para reads them). When no
/// provider is set up, the page names the keys of each instead.
/// </summary>
internal static class LoginButtons
{
    public static void Append(StringBuilder body, HttpRequest request, ParaApp app, bool isRoot, AuthProviderRegistry providers, ParaSettingsResolver settings)
    {
        var withButtons = providers.Providers.Select(p => p.Descriptor).Where(d => d.StartPath is not null).ToList();
        var ready = withButtons.Where(d => d.CredentialsPrefix is null || IsSetUp(settings.GetOAuthKeysForApp(app, d.CredentialsPrefix))).ToList();
        foreach (var provider in ready)
        {
            // The server starts the sign-in: a sealed, browser-bound state and PKCE (see AbstractOAuthFilter.StartAsync).
            var href = QueryHelpers.AddQueryString(request.PathBase.Value + provider.StartPath, "appid", app.Identifier);
            body.Append("<a class=\"provider provider-").Append(provider.Name).Append("\" id=\"login-with-").Append(provider.Name)
                .Append("\" href=\"").Append(Encode(href)).Append("\">").Append(Encode(provider.EffectiveButton.Label)).Append("</a>");
        }

        if (ready.Count > 0)
        {
            return;
        }

        if (withButtons.Count == 0)
        {
            body.Append("<div class=\"alert notice\"><p><strong>No sign-in provider is registered on this server.</strong></p></div>");
            return;
        }

        foreach (var provider in withButtons)
        {
            AppendNotSetUp(body, provider, isRoot);
        }

        if (isRoot)
        {
            body.Append("<p>Or set <code>para.security.demo = true</code> to try the sign-in with a pretend provider.</p>");
        }
    }

    private static bool IsSetUp(ParaOAuthKeys keys) => !string.IsNullOrEmpty(keys.ClientId) && !string.IsNullOrEmpty(keys.ClientSecret);

    private static void AppendNotSetUp(StringBuilder body, AuthProviderDescriptor provider, bool isRoot)
    {
        var prefix = provider.CredentialsPrefix!;
        var env = "PARA_" + prefix.ToUpperInvariant();
        body.Append("<div class=\"alert notice\"><p><strong>").Append(Encode(provider.EffectiveButton.Label)).Append(" is not set up for this app.</strong></p>")
            .Append(isRoot
                ? $"<p>Set <code>para.{prefix}_app_id</code> and <code>para.{prefix}_secret</code> (in conf/application.conf, or as "
                  + $"<code>{env}_APP_ID</code> and <code>{env}_SECRET</code>) to the client id and secret {Encode(provider.DisplayName)} gave you.</p>"
                : $"<p>Set both app settings <code>{prefix}_app_id</code> and <code>{prefix}_secret</code> of this app "
                  + $"(<code>PUT /v1/_settings</code>) to the client id and secret {Encode(provider.DisplayName)} gave you.</p>")
            .Append("</div>");
    }
}
