// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text;
using WireMock.ResponseBuilders;

namespace Para.Security.Testing;

/// <content>Injected answers for the endpoint-independent scenarios.</content>
public sealed partial class FakeAmazon
{
    private const string SorryPage =
        "<!doctype html><html><head><title>Amazon</title></head><body><h4>We're sorry!</h4>"
        + "<p>An error occurred when we tried to process your request.</p></body></html>";

    /// <summary>The answer for a scenario that needs no request processing, or null to let the endpoint handle it.</summary>
    private Reply? Generic(FakeAmazonEndpoint endpoint, FakeAmazonScenario scenario)
    {
        var retryAfter = ((long)Math.Ceiling(RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return scenario switch
        {
            FakeAmazonScenario.InvalidGrant => Reply.Json(400, LwaJson.Error("invalid_grant", "The request has an invalid grant parameter : code"), "invalid_grant (scenario)"),
            FakeAmazonScenario.InvalidClient => Reply.Json(401, LwaJson.Error("invalid_client", "Client authentication failed"), "invalid_client (scenario)"),
            FakeAmazonScenario.ServerError => Reply.Html(500, "<!doctype html><html><body><h1>500 Internal Server Error</h1></body></html>", "server error (scenario)"),
            FakeAmazonScenario.ServiceUnavailable => Reply.Text(503, "Service Unavailable", "service unavailable (scenario)").WithHeader("Retry-After", retryAfter),
            FakeAmazonScenario.TooManyRequests => Reply.Text(429, "Rate exceeded.", "too many requests (scenario)").WithHeader("Retry-After", retryAfter),
            FakeAmazonScenario.HtmlBody => Reply.Html(200, SorryPage, "HTML body (scenario)"),
            FakeAmazonScenario.TruncatedJson => TruncatedJson(endpoint),
            FakeAmazonScenario.LargeBody => LargeBody(endpoint),
            FakeAmazonScenario.EmptyResponse => Reply.Json(200, SampleJson(endpoint), "empty response (scenario, WireMock fault)").WithFault(FaultType.EMPTY_RESPONSE),
            FakeAmazonScenario.MalformedChunk => Reply.Json(200, SampleJson(endpoint), "malformed chunk (scenario, WireMock fault)").WithFault(FaultType.MALFORMED_RESPONSE_CHUNK),
            _ => null,
        };
    }

    /// <summary>A success-shaped answer for the endpoint that touches no state (its tokens are not valid).</summary>
    private string SampleJson(FakeAmazonEndpoint endpoint)
    {
        var account = DefaultAccount;
        return endpoint switch
        {
            FakeAmazonEndpoint.Token => LwaJson.Object(
                ("access_token", RandomToken("Atza|IwEB", 288)),
                ("token_type", "bearer"),
                ("expires_in", 3600),
                ("refresh_token", RandomToken("Atzr|IwEB", 288))),
            FakeAmazonEndpoint.Profile => LwaJson.Object(("user_id", account.UserId), ("name", account.Name), ("email", account.Email)),
            FakeAmazonEndpoint.TokenInfo => LwaJson.Object(
                ("aud", "amzn1.application-oa2-client.sample"),
                ("user_id", account.UserId),
                ("iss", "https://www.amazon.com"),
                ("exp", 3600),
                ("app_id", GetAppId("amzn1.application-oa2-client.sample")),
                ("iat", _time.GetUtcNow().ToUnixTimeSeconds())),
            _ => LwaJson.Object(("error", "server_error"), ("error_description", "sample")),
        };
    }

    private Reply TruncatedJson(FakeAmazonEndpoint endpoint)
    {
        var json = SampleJson(endpoint);
        return Reply.Json(200, json[..(json.Length / 2)], "truncated JSON (scenario)");
    }

    private Reply LargeBody(FakeAmazonEndpoint endpoint)
    {
        var size = Math.Max(LargeBodySize, 1);
        if (endpoint == FakeAmazonEndpoint.Authorize)
        {
            var html = new StringBuilder("<!doctype html><html><body><p>", size + 64).Append('x', size).Append("</p></body></html>");
            return Reply.Html(200, html.ToString(), "large body (scenario)");
        }

        var sample = SampleJson(endpoint);
        var json = new StringBuilder(sample, 0, sample.Length - 1, size + sample.Length + 16)
            .Append(",\"padding\":\"").Append('x', size).Append("\"}");
        return Reply.Json(200, json.ToString(), "large body (scenario)");
    }
}
