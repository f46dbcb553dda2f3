// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Para.Security.Json;
using Para.Security.Storage.Sqlite;
using Para.Security.Tokens;

namespace Para.Security.Benchmarks.Servers;

/// <summary>
/// <c>serve-jwtbearer --port N --para-db FILE --token JWT</c>: ASP.NET Core's own stack for the authenticated scenario.
/// <c>AddJwtBearer</c> validates the same HS256 Para token (the key, app secret + user token secret, is read once from
/// Para's SQLite file at startup) and <c>GET /v1/_me</c> answers the user JSON through the same serializer
/// (<see cref="ParaJson.User"/> + <c>Results.Json</c>), so the bodies are byte-identical. Unlike Para it reads no store
/// per request: the user is the one read at startup.
/// </summary>
internal static class JwtBearerServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var database = options.Required("para-db");
        var jwt = new JsonWebToken(options.Required("token"));
        using var sqlite = new SqliteDatabase(database);
        var app = await new SqliteAppStore(sqlite).FindAsync(jwt.GetPayloadValue<string>(ParaJwtClaimNames.AppId))
            ?? throw new InvalidOperationException("The token's app is not in " + database);
        var user = await new SqliteUserStore(sqlite).FindByIdAsync(app.Identifier, jwt.Subject)
            ?? throw new InvalidOperationException("The token's user is not in " + database);
        var key = new SymmetricSecurityKey(ParaJws.UserKey(app, user));

        var builder = BenchArgs.CreateBuilder(options.Port);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(bearer =>
        {
            bearer.MapInboundClaims = false;
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                IssuerSigningKey = key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateIssuer = false,
                ValidateAudience = false,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.Zero,
            };
        });
        builder.Services.AddAuthorization();
        var web = builder.Build();
        web.UseAuthentication();
        web.UseAuthorization();
        web.MapGet("/v1/_me", () => Results.Json(ParaJson.User(user))).RequireAuthorization();
        await web.RunAsync();
        return 0;
    }
}
