// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;

namespace Para.Security.Benchmarks.Servers;

/// <summary>
/// <c>serve-fakeamazon --port N</c>: a tiny, fast Login-with-Amazon token and profile server for the sign-in scenario.
/// <c>POST /auth/o2/token</c> accepts any code and answers the access token <c>Atza|{code}</c>;
/// <c>GET /user/profile</c> (token in <c>x-amz-access-token</c> or a Bearer header) answers a profile whose
/// <c>user_id</c> is derived from the code: the text before its first <c>-</c>. So <c>u7-123</c> and <c>u7-124</c> sign
/// in the same user, and a driver chooses the mix of new and existing users through its codes.
/// </summary>
internal static class FakeAmazonServer
{
    private const string TokenPrefix = "Atza|";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var app = BenchArgs.CreateBuilder(options.Port).Build();
        app.MapPost("/auth/o2/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var code = form["code"].ToString();
            return string.IsNullOrEmpty(code)
                ? Results.Json(new JsonObject { ["error"] = "invalid_request" }, statusCode: StatusCodes.Status400BadRequest)
                : Results.Json(new JsonObject
                {
                    ["access_token"] = TokenPrefix + code,
                    ["refresh_token"] = "Atzr|bench",
                    ["token_type"] = "bearer",
                    ["expires_in"] = 3600,
                });
        });
        app.MapGet("/user/profile", (HttpRequest request) =>
        {
            var token = request.Headers["x-amz-access-token"].ToString();
            if (token.Length == 0 && request.Headers.Authorization.ToString() is { } authorization
                && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                token = authorization[7..].Trim();
            }

            if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
            {
                return Results.Json(new JsonObject { ["error"] = "invalid_token" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            var code = token[TokenPrefix.Length..];
            var dash = code.IndexOf('-', StringComparison.Ordinal);
            var user = dash > 0 ? code[..dash] : code;
            return Results.Json(new JsonObject
            {
                ["user_id"] = "amzn1.account." + user,
                ["name"] = "Bench User " + user,
                ["email"] = user + "@bench.example",
            });
        });
        await app.RunAsync();
        return 0;
    }
}
