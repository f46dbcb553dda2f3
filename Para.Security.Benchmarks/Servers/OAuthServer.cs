// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Para.Security.Benchmarks.Servers;

/// <summary>
/// <c>serve-oauth --port N --amazon http://127.0.0.1:M</c>: ASP.NET Core's own stack for the sign-in scenario.
/// <c>AddOAuth</c> configured for Login with Amazon (code exchange at the fake's token endpoint, the profile read with
/// <c>x-amz-access-token</c> as Para does, claims from <c>user_id</c>, <c>name</c>, <c>email</c>), then a cookie sign-in
/// (<c>AddCookie</c>) and the redirect to <c>/</c>. It persists nothing. <c>GET /login</c> is the challenge that hands out
/// the protected <c>state</c> and its correlation cookie.
/// </summary>
internal static class OAuthServer
{
    public const string Scheme = "Amazon";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var amazon = options.Required("amazon").TrimEnd('/');
        var builder = BenchArgs.CreateBuilder(options.Port);

        // Keys in memory: nothing is written to the home folder, and the pairs are only valid for this process.
        builder.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        builder.Services.AddAuthentication(auth =>
            {
                auth.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                auth.DefaultChallengeScheme = Scheme;
            })
            .AddCookie()
            .AddOAuth(Scheme, oauth =>
            {
                oauth.ClientId = "bench-client";
                oauth.ClientSecret = "bench-secret-bench-secret-bench-secret";
                oauth.CallbackPath = "/signin-amazon";
                oauth.AuthorizationEndpoint = "https://www.amazon.com/ap/oa"; // only in the challenge's Location; never called
                oauth.TokenEndpoint = amazon + "/auth/o2/token";
                oauth.UserInformationEndpoint = amazon + "/user/profile";
                oauth.Scope.Add("profile");
                oauth.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "user_id");
                oauth.ClaimActions.MapJsonKey(ClaimTypes.Name, "name");
                oauth.ClaimActions.MapJsonKey(ClaimTypes.Email, "email");
                oauth.Events.OnCreatingTicket = async context =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    request.Headers.Add("x-amz-access-token", context.AccessToken);
                    using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
                    response.EnsureSuccessStatusCode();
                    using var profile = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(context.HttpContext.RequestAborted));
                    context.RunClaimActions(profile.RootElement);
                };
            });
        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [Scheme]));
        await app.RunAsync();
        return 0;
    }
}
