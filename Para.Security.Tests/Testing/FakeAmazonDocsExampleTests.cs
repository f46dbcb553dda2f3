// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Para.Security.Testing;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Testing;

/// <summary>The examples in docs/testing.md, compiled and run; <see cref="DocsTestingMd_Snippets_MatchThisFile"/> keeps the two in sync.</summary>
public sealed class FakeAmazonDocsExampleTests
{
    [Test]
    public async Task AmazonSignIn_CodeFlow_ReturnsTheProfile()
    {
        // <docs:fake-amazon-flow>
        // Arrange
        await using var amazon = new FakeAmazon();
        amazon.AddClient("amzn1.application-oa2-client.myapp", "my-secret", "https://myapp.example/amazon_auth");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        // Act: the browser leg (Amazon redirects back with a code) ...
        var authorize = await http.GetAsync(new Uri(amazon.BuildAuthorizeUrl(
            "amzn1.application-oa2-client.myapp", "https://myapp.example/amazon_auth", state: "xyz")));
        var code = QueryHelpers.ParseQuery(authorize.Headers.Location!.Query)["code"].ToString();

        // ... then what your code under test does, pointed at amazon.TokenUrl and amazon.ProfileUrl.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = "https://myapp.example/amazon_auth",
            ["client_id"] = "amzn1.application-oa2-client.myapp",
            ["client_secret"] = "my-secret",
        });
        var token = await http.PostAsync(new Uri(amazon.TokenUrl), form);
        var accessToken = JsonNode.Parse(await token.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        using var profileRequest = new HttpRequestMessage(HttpMethod.Get, amazon.ProfileUrl);
        profileRequest.Headers.Add("x-amz-access-token", accessToken);
        var profile = await http.SendAsync(profileRequest);

        // Assert
        Assert.That(await profile.Content.ReadAsStringAsync(), Does.Contain("\"email\":\"pat@example.com\""));
        Assert.That(amazon.TokenRequests.Single().GetFormValue("redirect_uri"), Is.EqualTo("https://myapp.example/amazon_auth"));
        amazon.AssertNoUnmatchedRequests();
        // </docs:fake-amazon-flow>
    }

    [Test]
    public async Task AmazonToken_ScenariosAndMintedToken_BehaveAsArranged()
    {
        // <docs:fake-amazon-scenarios>
        // Arrange
        await using var amazon = new FakeAmazon();
        var account = new FakeAmazonAccount("amzn1.account.ALICE", "Alice", "alice@example.com");
        var accessToken = amazon.IssueAccessToken("amzn1.application-oa2-client.myapp", account); // no browser needed
        amazon
            .WithScenario(FakeAmazonEndpoint.Profile, FakeAmazonScenario.ServiceUnavailable, times: 1)
            .WithScenario(FakeAmazonEndpoint.Profile, FakeAmazonScenario.MissingEmail, times: 1);
        using var http = new HttpClient();

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, amazon.ProfileUrl);
            request.Headers.Add("x-amz-access-token", accessToken);
            statuses.Add((await http.SendAsync(request)).StatusCode);
        }

        // Assert: 503 once, then a profile without email, then normal again.
        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.OK }));
        Assert.That(amazon.ProfileRequests[1].Diagnostic, Does.Contain("MissingEmail"));
        // </docs:fake-amazon-scenarios>
    }

    [TestCase("fake-amazon-flow")]
    [TestCase("fake-amazon-scenarios")]
    public void DocsTestingMd_Snippets_MatchThisFile(string name)
    {
        // Arrange
        var thisFile = ThisFile();
        var docs = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "docs", "testing.md"));
        Requires.That(File.Exists(thisFile) && File.Exists(docs), "Sources are not next to the test binaries: this check compares docs/testing.md with this file's source.");

        // Act
        var inCode = Region(File.ReadAllLines(thisFile), name);
        var inDocs = DocsBlock(File.ReadAllLines(docs), name);

        // Assert
        Assert.That(inDocs, Is.EqualTo(inCode), $"docs/testing.md snippet '{name}' differs from {Path.GetFileName(thisFile)}; copy the region over.");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static string Region(string[] lines, string name)
    {
        var start = Array.FindIndex(lines, l => l.Trim() == $"// <docs:{name}>");
        var end = Array.FindIndex(lines, l => l.Trim() == $"// </docs:{name}>");
        Assert.That(start, Is.GreaterThanOrEqualTo(0).And.LessThan(end), $"region {name} not found");
        var body = lines[(start + 1)..end];
        var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.Trim()));
    }

    private static string DocsBlock(string[] lines, string name)
    {
        var marker = Array.FindIndex(lines, l => l.Trim() == $"<!-- snippet: {name} -->");
        Assert.That(marker, Is.GreaterThanOrEqualTo(0), $"marker for {name} not found in docs/testing.md");
        var open = Array.FindIndex(lines, marker, l => l.Trim() == "```csharp");
        var close = Array.FindIndex(lines, open + 1, l => l.Trim() == "```");
        return string.Join("\n", lines[(open + 1)..close].Select(l => l.TrimEnd()));
    }
}
