// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Para.Security.Pipeline;
using Para.Security.Pipeline.Results;

namespace Para.Security.Tests.Pipeline;

public sealed class AuthPipelineMiddlewareTests
{
    [Test]
    public async Task InvokeAsync_NoFilterMatches_PassesRequestThroughUntouched()
    {
        // Arrange
        using var host = await StartAsync(b => b.AddFilter<HandledFilter>("handled", 1000, AuthPathMatcher.Exact("/handled")));
        var client = host.GetTestClient();

        // Act
        var response = await client.GetAsync(new Uri("/other?x=1", UriKind.Relative));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("app:/other"));
        });
    }

    [Test]
    public async Task InvokeAsync_FilterHandles_WritesItsResultAndSkipsTheApp()
    {
        // Arrange
        using var host = await StartAsync(b => b.AddFilter<HandledFilter>("handled", 1000, AuthPathMatcher.Exact("/handled")));

        // Act
        var response = await host.GetTestClient().GetAsync(new Uri("/handled", UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/done"));
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
        });
    }

    [Test]
    public async Task InvokeAsync_FilterRejects_WritesParaErrorJson()
    {
        // Arrange
        using var host = await StartAsync(b => b.AddFilter<RejectingFilter>("reject", 1000, AuthPathMatcher.Prefix("/v1/")));

        // Act
        var response = await host.GetTestClient().GetAsync(new Uri("/v1/things", UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(body["code"]!.GetValue<int>(), Is.EqualTo(403));
            Assert.That(body["message"]!.GetValue<string>(), Is.EqualTo("Not allowed."));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        });
    }

    [Test]
    public async Task InvokeAsync_FilterContinues_NextMatchingFilterRunsInOrder()
    {
        // Arrange: registered out of order; the continuing filter (order 1000) must run before the handling one (2000).
        using var host = await StartAsync(b => b
            .AddFilter<HandledFilter>("handled", 2000, AuthPathMatcher.Prefix("/"))
            .AddFilter<ContinueFilter>("continue", 1000, AuthPathMatcher.Prefix("/")));

        // Act
        var response = await host.GetTestClient().GetAsync(new Uri("/handled", UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.GetValues("X-Continued"), Is.EqualTo(new[] { "yes" }));
        });
    }

    [Test]
    public async Task InvokeAsync_FilterSkips_AppHandlesRequestAndLaterFiltersDoNotRun()
    {
        // Arrange
        using var host = await StartAsync(b => b
            .AddFilter<SkippingFilter>("skip", 1000, AuthPathMatcher.Prefix("/"))
            .AddFilter<HandledFilter>("handled", 2000, AuthPathMatcher.Prefix("/")));

        // Act
        var response = await host.GetTestClient().GetAsync(new Uri("/handled", UriKind.Relative));

        // Assert
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("app:/handled"));
    }

    [Test]
    public async Task InvokeAsync_FilterThrows_Answers500JsonWithoutStackTrace()
    {
        // Arrange
        using var host = await StartAsync(b => b.AddFilter<ThrowingFilter>("boom", 1000, AuthPathMatcher.Exact("/boom")));

        // Act
        var response = await host.GetTestClient().GetAsync(new Uri("/boom", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(JsonNode.Parse(text)!["code"]!.GetValue<int>(), Is.EqualTo(500));
            Assert.That(text, Does.Not.Contain("secret detail").And.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task UseParaSecurity_ContextPathSet_FiltersMatchRelativePathsAndOutsidePathsAre404()
    {
        // Arrange
        using var host = await StartAsync(
            b => b.AddFilter<HandledFilter>("handled", 1000, AuthPathMatcher.Exact("/handled")),
            new() { ["para:context_path"] = "/api/" });
        var client = host.GetTestClient();

        // Act
        var inside = await client.GetAsync(new Uri("/api/handled", UriKind.Relative));
        var outside = await client.GetAsync(new Uri("/handled", UriKind.Relative));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(inside.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public void UseParaSecurity_DuplicateNames_FailsStartupNamingTheFilter()
    {
        // Arrange, Act
        var ex = Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(b => b
            .AddFilter<HandledFilter>("amazon", 1000, AuthPathMatcher.Exact("/a"))
            .AddFilter<RejectingFilter>("amazon", 2000, AuthPathMatcher.Exact("/b"))));

        // Assert
        Assert.That(ex!.Message, Does.Contain("'amazon' is registered 2 times"));
    }

    [Test]
    public void UseParaSecurity_DuplicateOrders_FailsStartupNamingBothFilters()
    {
        // Arrange, Act
        var ex = Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(b => b
            .AddFilter<HandledFilter>("one", 1000, AuthPathMatcher.Exact("/a"))
            .AddFilter<RejectingFilter>("two", 1000, AuthPathMatcher.Exact("/b"))));

        // Assert
        Assert.That(ex!.Message, Does.Contain("'one' and 'two' share order 1000"));
    }

    [Test]
    public async Task AuthPipeline_Describe_ListsFiltersInExecutionOrder()
    {
        // Arrange
        using var host = await StartAsync(b => b
            .AddFilter<HandledFilter>("late", 3000, AuthPathMatcher.Exact("/late"))
            .AddFilter<RejectingFilter>("early", 1000, AuthPathMatcher.Prefix("/v1/")));

        // Act
        var pipeline = host.Services.GetRequiredService<AuthPipeline>();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(pipeline.Filters.Select(f => f.Name), Is.EqualTo(new[] { "early", "late" }));
            Assert.That(pipeline.Filters.Select(f => f.FilterType), Is.EqualTo(new[] { typeof(RejectingFilter), typeof(HandledFilter) }));
            Assert.That(pipeline.Describe()[0], Does.Contain("early").And.Contain("/v1/*"));
        });
    }

    private static async Task<IHost> StartAsync(Action<ParaSecurityBuilder> configure, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? []) { ["para:dao"] = "memory" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services => configure(services.AddParaSecurity(configuration)))
                .Configure(app =>
                {
                    app.UseParaSecurity();
                    app.Run(context => context.Response.WriteAsync("app:" + context.Request.Path));
                }))
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    private sealed class HandledFilter : IAuthFilter
    {
        public ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context)
        {
            var result = new RedirectResult("/done");
            result.Headers["Referrer-Policy"] = "no-referrer";
            if (context.HttpContext.Items.ContainsKey("continued"))
            {
                result.Headers["X-Continued"] = "yes";
            }

            return ValueTask.FromResult(AuthFilterResult.Handled(result));
        }
    }

    private sealed class ContinueFilter : IAuthFilter
    {
        public ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context)
        {
            context.HttpContext.Items["continued"] = true;
            return ValueTask.FromResult(AuthFilterResult.Continue);
        }
    }

    private sealed class SkippingFilter : IAuthFilter
    {
        public ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context) => ValueTask.FromResult(AuthFilterResult.Skipped);
    }

    private sealed class RejectingFilter : IAuthFilter
    {
        public ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context) => ValueTask.FromResult(AuthFilterResult.Rejected(
            new AuthError(403, "Not allowed.", "PARASEC0403") { Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" } }));
    }

    private sealed class ThrowingFilter : IAuthFilter
    {
        public ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context) => throw new InvalidOperationException("secret detail");
    }
}
