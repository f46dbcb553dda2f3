// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Para.Security.Pipeline.Results;

namespace Para.Security.Tests.Infrastructure;

/// <summary>Builds requests and executes results on DefaultHttpContext.</summary>
public static class HttpContexts
{
    public static DefaultHttpContext Request(string pathAndQuery = "/amazon_auth", string scheme = "http")
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Scheme = scheme;
        request.Host = new HostString("para.example.com");
        request.Method = "GET";
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        request.Path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        request.QueryString = q < 0 ? QueryString.Empty : new QueryString(pathAndQuery[q..]);
        return context;
    }

    /// <summary>Executes a result through its ExecuteAsync on a fresh response, as the pipeline middleware would.</summary>
    public static async Task<HttpResponse> ExecuteAsync(AuthResult result, HttpContext? request = null)
    {
        var context = new DefaultHttpContext();
        if (request is not null)
        {
            context.Request.Scheme = request.Request.Scheme;
        }

        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return context.Response;
    }

    public static async Task<string> ReadBodyAsync(HttpResponse response)
    {
        response.Body.Position = 0;
        using var reader = new StreamReader(response.Body, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }

    public static IReadOnlyList<SetCookieHeaderValue> SetCookies(HttpResponse response) =>
        SetCookieHeaderValue.ParseList(response.Headers.SetCookie.Select(v => v ?? string.Empty).ToList()).ToList();
}
