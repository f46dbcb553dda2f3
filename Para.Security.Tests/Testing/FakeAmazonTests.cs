// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using Para.Security.Testing;

namespace Para.Security.Tests.Testing;

public sealed class FakeAmazonTests
{
    private const string ClientId = "amzn1.application-oa2-client.test0001";
    private const string Secret = "amzn1.oa2-cs.v1.testsecret";
    private const string RedirectUri = "https://para.example/amazon_auth";
    private const string RedirectUriWithQuery = "https://para.example/amazon_auth?appid=myapp";

    private FakeAmazon _amazon = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void SetUp()
    {
        _amazon = new FakeAmazon();
        _amazon.AddClient(ClientId, Secret, RedirectUri, RedirectUriWithQuery);
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
    }

    [TearDown]
    public void TearDown()
    {
        _http.Dispose();
        _amazon.Dispose();
    }

    // ---- the full code flow ----

    [Test]
    public async Task CodeFlow_ParaShapedRequests_SignsInTheDefaultAccount()
    {
        // Arrange
        var authorizeUrl = _amazon.BuildAuthorizeUrl(ClientId, RedirectUri, state: "myapp|2");

        // Act
        var authorize = await _http.GetAsync(new Uri(authorizeUrl));
        var callback = QueryOf(authorize);
        var token = await PostParaTokenRequestAsync(callback["code"], RedirectUri);
        var tokenJson = await JsonAsync(token);
        var profile = await GetProfileAsync(tokenJson["access_token"]!.GetValue<string>());

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(authorize.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(authorize.Headers.Location!.GetLeftPart(UriPartial.Path), Is.EqualTo(RedirectUri));
            Assert.That(callback["state"], Is.EqualTo("myapp|2"));
            Assert.That(callback["scope"], Is.EqualTo("profile"));
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(token.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(tokenJson["access_token"]!.GetValue<string>(), Does.StartWith("Atza|").And.Length.AtLeast(350));
            Assert.That(tokenJson["token_type"]!.GetValue<string>(), Is.EqualTo("bearer"));
            Assert.That(tokenJson["expires_in"]!.GetValue<int>(), Is.EqualTo(3600));
            Assert.That(tokenJson["refresh_token"]!.GetValue<string>(), Does.StartWith("Atzr|"));
            Assert.That(profile.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(
                await profile.Content.ReadAsStringAsync(),
                Is.EqualTo("{\"user_id\":\"amzn1.account.DEMOPATEXAMPLE000000000000\",\"name\":\"Pat Example\",\"email\":\"pat@example.com\"}"));
        });
    }

    [Test]
    public async Task TokenRequests_ParaShapedExchange_JournalKeepsExactBodyFieldOrderAndHeaders()
    {
        // Arrange
        var code = _amazon.IssueCode(ClientId, RedirectUriWithQuery);

        // Act
        await PostParaTokenRequestAsync(code, RedirectUriWithQuery);

        // Assert
        var request = _amazon.TokenRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(
                request.Body,
                Is.EqualTo($"code={code}&redirect_uri=https%3A%2F%2Fpara.example%2Famazon_auth%3Fappid%3Dmyapp&client_id={ClientId}&client_secret={Secret}&grant_type=authorization_code"));
            Assert.That(request.Form.Select(f => f.Key), Is.EqualTo(new[] { "code", "redirect_uri", "client_id", "client_secret", "grant_type" }));
            Assert.That(request.GetFormValue("redirect_uri"), Is.EqualTo(RedirectUriWithQuery));
            Assert.That(request.GetHeader("content-type"), Is.EqualTo("application/x-www-form-urlencoded"));
            Assert.That(request.GetHeader("Accept"), Is.EqualTo("application/json"));
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task CodeFlow_WithPkceS256_ExchangesWithTheVerifier()
    {
        // Arrange
        const string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        var authorize = await _http.GetAsync(new Uri(_amazon.BuildAuthorizeUrl(ClientId, RedirectUri, "s", codeChallenge: FakeAmazon.CreateS256Challenge(verifier))));
        var code = QueryOf(authorize)["code"];

        // Act
        var token = await PostFormAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri), ("client_id", ClientId), ("client_secret", Secret), ("code_verifier", verifier));

        // Assert
        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void CreateS256Challenge_Rfc7636AppendixB_MatchesTheSpec()
    {
        // Arrange
        const string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

        // Act
        var challenge = FakeAmazon.CreateS256Challenge(verifier);

        // Assert
        Assert.That(challenge, Is.EqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    [TestCase(null, TestName = "Token_PkceCodeWithoutVerifier_InvalidGrant")]
    [TestCase("wrong-verifier-wrong-verifier-wrong-verifier-0", TestName = "Token_PkceCodeWithWrongVerifier_InvalidGrant")]
    public async Task Token_PkceVerifierMissingOrWrong_InvalidGrant(string? verifier)
    {
        // Arrange
        var code = _amazon.IssueCode(ClientId, RedirectUri, codeChallenge: FakeAmazon.CreateS256Challenge("the-right-verifier-the-right-verifier-0123"));
        var fields = new List<(string, string)> { ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri), ("client_id", ClientId), ("client_secret", Secret) };
        if (verifier is not null)
        {
            fields.Add(("code_verifier", verifier));
        }

        // Act
        var token = await PostFormAsync([.. fields]);

        // Assert
        await AssertInvalidGrantAsync(token);
    }

    [Test]
    public async Task Token_PlainPkceWithoutSecret_IssuesAccessTokenButNoRefreshToken()
    {
        // Arrange
        var code = _amazon.IssueCode(ClientId, RedirectUri, codeChallenge: "plain-verifier-plain-verifier-plain-verifier", codeChallengeMethod: "plain");

        // Act
        var token = await PostFormAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri), ("client_id", ClientId), ("code_verifier", "plain-verifier-plain-verifier-plain-verifier"));
        var json = await JsonAsync(token);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(json.ContainsKey("refresh_token"), Is.False);
        });
    }

    [Test]
    public async Task Token_SecondUseOfACode_InvalidGrantAndRevokesTheFirstTokens()
    {
        // Arrange
        var code = _amazon.IssueCode(ClientId, RedirectUri);
        var first = await JsonAsync(await PostParaTokenRequestAsync(code, RedirectUri));

        // Act
        var second = await PostParaTokenRequestAsync(code, RedirectUri);
        var profile = await GetProfileAsync(first["access_token"]!.GetValue<string>());

        // Assert
        await AssertInvalidGrantAsync(second);
        Assert.That(profile.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Token_FailedFirstAttempt_StillConsumesTheCode()
    {
        // Arrange
        var code = _amazon.IssueCode(ClientId, RedirectUri);
        await PostParaTokenRequestAsync(code, RedirectUri, secret: "wrong");

        // Act
        var retry = await PostParaTokenRequestAsync(code, RedirectUri);

        // Assert
        await AssertInvalidGrantAsync(retry);
    }

    [Test]
    public async Task Token_RedirectUriDiffersFromAuthorize_InvalidGrant()
    {
        // Arrange
        var code = _amazon.IssueCode(ClientId, RedirectUriWithQuery);

        // Act
        var token = await PostParaTokenRequestAsync(code, RedirectUri);

        // Assert
        await AssertInvalidGrantAsync(token);
        Assert.That(_amazon.TokenRequests.Single().Diagnostic, Does.Contain("redirect_uri"));
    }

    [Test]
    public async Task Token_CodeOfAnotherClient_InvalidGrant()
    {
        // Arrange
        _amazon.AddClient("amzn1.application-oa2-client.other", "other-secret", RedirectUri);
        var code = _amazon.IssueCode("amzn1.application-oa2-client.other", RedirectUri);

        // Act
        var token = await PostParaTokenRequestAsync(code, RedirectUri);

        // Assert
        await AssertInvalidGrantAsync(token);
    }

    [Test]
    public async Task Token_WrongSecret_401InvalidClient()
    {
        // Arrange
        var code = _amazon.IssueCode(ClientId, RedirectUri);

        // Act
        var token = await PostParaTokenRequestAsync(code, RedirectUri, secret: "not-the-secret");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await token.Content.ReadAsStringAsync(), Is.EqualTo("{\"error_description\":\"Client authentication failed\",\"error\":\"invalid_client\"}"));
        });
    }

    [Test]
    public async Task Token_HttpBasicClientAuthentication_Succeeds()
    {
        // Arrange
        var code = _amazon.IssueCode(ClientId, RedirectUri);
        using var request = FormRequest(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{ClientId}:{Secret}")));

        // Act
        var token = await _http.SendAsync(request);

        // Assert
        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Token_HttpBasicWithWrongSecret_401WithWwwAuthenticate()
    {
        // Arrange
        var code = _amazon.IssueCode(ClientId, RedirectUri);
        using var request = FormRequest(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{ClientId}:nope")));

        // Act
        var token = await _http.SendAsync(request);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(token.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
        });
    }

    [Test]
    public async Task Token_MissingCode_InvalidRequest()
    {
        // Arrange
        var fields = new[] { ("grant_type", "authorization_code"), ("redirect_uri", RedirectUri), ("client_id", ClientId), ("client_secret", Secret) };

        // Act
        var token = await PostFormAsync(fields);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await token.Content.ReadAsStringAsync(), Is.EqualTo("{\"error\":\"invalid_request\",\"error_description\":\"The request is missing a required parameter : code\"}"));
        });
    }

    [Test]
    public async Task Token_JsonInsteadOfForm_InvalidRequest()
    {
        // Arrange
        using var content = new StringContent("{\"grant_type\":\"authorization_code\"}", Encoding.UTF8, "application/json");

        // Act
        var token = await _http.PostAsync(new Uri(_amazon.TokenUrl), content);

        // Assert
        Assert.That((await JsonAsync(token))["error"]!.GetValue<string>(), Is.EqualTo("invalid_request"));
    }

    [Test]
    public async Task Token_UnknownGrantType_UnsupportedGrantType()
    {
        // Arrange
        var fields = new[] { ("grant_type", "password"), ("client_id", ClientId), ("client_secret", Secret) };

        // Act
        var token = await PostFormAsync(fields);

        // Assert
        Assert.That((await JsonAsync(token))["error"]!.GetValue<string>(), Is.EqualTo("unsupported_grant_type"));
    }

    [Test]
    public async Task Token_RefreshGrant_ReturnsNewAccessAndRefreshTokens()
    {
        // Arrange
        var first = await JsonAsync(await PostParaTokenRequestAsync(_amazon.IssueCode(ClientId, RedirectUri), RedirectUri));
        var refreshToken = first["refresh_token"]!.GetValue<string>();

        // Act
        var refreshed = await PostFormAsync(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", ClientId), ("client_secret", Secret));
        var json = await JsonAsync(refreshed);
        var profile = await GetProfileAsync(json["access_token"]!.GetValue<string>());

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(json["access_token"]!.GetValue<string>(), Is.Not.EqualTo(first["access_token"]!.GetValue<string>()));
            Assert.That(json["refresh_token"]!.GetValue<string>(), Does.StartWith("Atzr|").And.Not.EqualTo(refreshToken));
            Assert.That(profile.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Token_UnknownRefreshToken_InvalidGrant()
    {
        // Arrange
        var fields = new[] { ("grant_type", "refresh_token"), ("refresh_token", "Atzr|nope"), ("client_id", ClientId), ("client_secret", Secret) };

        // Act
        var refreshed = await PostFormAsync(fields);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await refreshed.Content.ReadAsStringAsync(), Does.Contain("\"error\":\"invalid_grant\""));
        });
    }

    [Test]
    public async Task Token_CodeOlderThanItsLifetime_InvalidGrant()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var amazon = new FakeAmazon(new FakeAmazonOptions { TimeProvider = clock });
        amazon.AddClient(ClientId, Secret, RedirectUri);
        var code = amazon.IssueCode(ClientId, RedirectUri);
        clock.Advance(amazon.CodeLifetime);

        // Act
        var token = await PostParaTokenRequestAsync(code, RedirectUri, tokenUrl: amazon.TokenUrl);

        // Assert
        await AssertInvalidGrantAsync(token);
    }

    // ---- authorize ----

    [Test]
    public async Task Authorize_UnknownClientId_400ErrorPageWithoutRedirect()
    {
        // Arrange
        var url = _amazon.BuildAuthorizeUrl("amzn1.application-oa2-client.unknown", RedirectUri, "s");

        // Act
        var response = await _http.GetAsync(new Uri(url));

        // Assert
        await AssertSorryPageAsync(response);
    }

    [Test]
    public async Task Authorize_RedirectUriNotAllowed_400ErrorPageWithoutRedirect()
    {
        // Arrange
        var url = _amazon.BuildAuthorizeUrl(ClientId, RedirectUri + "/", "s");

        // Act
        var response = await _http.GetAsync(new Uri(url));

        // Assert
        await AssertSorryPageAsync(response);
    }

    [Test]
    public async Task Authorize_ResponseTypeToken_RedirectsWithUnsupportedResponseType()
    {
        // Arrange
        var url = _amazon.BuildAuthorizeUrl(ClientId, RedirectUri, "s").Replace("response_type=code", "response_type=token", StringComparison.Ordinal);

        // Act
        var response = await _http.GetAsync(new Uri(url));
        var query = QueryOf(response);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(query["error"], Is.EqualTo("unsupported_response_type"));
            Assert.That(query["state"], Is.EqualTo("s"));
        });
    }

    [Test]
    public async Task Authorize_RedirectUriWithQuery_AppendsWithAmpersandAndEncodesState()
    {
        // Arrange
        const string state = "csrf-token https://app.example/a?b=c&d";
        var url = _amazon.BuildAuthorizeUrl(ClientId, RedirectUriWithQuery, state);

        // Act
        var response = await _http.GetAsync(new Uri(url));
        var location = response.Headers.Location!.OriginalString;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(location, Does.StartWith(RedirectUriWithQuery + "&code="));
            Assert.That(location, Does.EndWith("&scope=profile&state=csrf-token%20https%3A%2F%2Fapp.example%2Fa%3Fb%3Dc%26d"));
            Assert.That(QueryOf(response)["appid"], Is.EqualTo("myapp"));
            Assert.That(QueryOf(response)["state"], Is.EqualTo(state));
        });
    }

    [Test]
    public async Task Authorize_FakeAccountParameter_SignsInThatAccount()
    {
        // Arrange
        var other = new FakeAmazonAccount("amzn1.account.OTHER", "Olive Other", "olive@example.com");
        _amazon.AddAccount(other);
        var url = _amazon.BuildAuthorizeUrl(ClientId, RedirectUri, "s") + "&fake_account=" + other.UserId;

        // Act
        var code = QueryOf(await _http.GetAsync(new Uri(url)))["code"];
        var profile = await ProfileJsonForCodeAsync(code);

        // Assert
        Assert.That(profile["user_id"]!.GetValue<string>(), Is.EqualTo(other.UserId));
    }

    [Test]
    public async Task Authorize_NextAccount_UsedOnceThenTheDefaultAgain()
    {
        // Arrange
        _amazon.NextAccount = new FakeAmazonAccount("amzn1.account.NEXT", "Nico Next", "nico@example.com");
        var url = new Uri(_amazon.BuildAuthorizeUrl(ClientId, RedirectUri, "s"));

        // Act
        var first = await ProfileJsonForCodeAsync(QueryOf(await _http.GetAsync(url))["code"]);
        var second = await ProfileJsonForCodeAsync(QueryOf(await _http.GetAsync(url))["code"]);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(first["user_id"]!.GetValue<string>(), Is.EqualTo("amzn1.account.NEXT"));
            Assert.That(second["user_id"]!.GetValue<string>(), Is.EqualTo(FakeAmazonAccount.Default.UserId));
        });
    }

    [Test]
    public async Task Authorize_ShowConsentPage_ListsAccountsWhoseLinksCompleteTheRedirect()
    {
        // Arrange
        _amazon.ShowConsentPage = true;
        _amazon.AddAccount(new FakeAmazonAccount("amzn1.account.SECOND", "Sam Second", "sam@example.com"));
        var url = new Uri(_amazon.BuildAuthorizeUrl(ClientId, RedirectUri, "s"));

        // Act
        var page = await _http.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        var href = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "href=\"([^\"]*fake_account=amzn1.account.SECOND)\"").Groups[1].Value);
        var chosen = await _http.GetAsync(new Uri(new Uri(_amazon.BaseUrl), href));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("Pat Example").And.Contain("Sam Second").And.Contain("Cancel"));
            Assert.That(chosen.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await ProfileJsonForCodeAsync(QueryOf(chosen)["code"]))["user_id"]!.GetValue<string>(), Is.EqualTo("amzn1.account.SECOND"));
        });
    }

    // ---- profile and tokeninfo ----

    [TestCase("profile", "{\"user_id\":\"amzn1.account.DEMOPATEXAMPLE000000000000\",\"name\":\"Pat Example\",\"email\":\"pat@example.com\"}")]
    [TestCase("profile:user_id", "{\"user_id\":\"amzn1.account.DEMOPATEXAMPLE000000000000\"}")]
    [TestCase("profile postal_code", "{\"user_id\":\"amzn1.account.DEMOPATEXAMPLE000000000000\",\"name\":\"Pat Example\",\"email\":\"pat@example.com\",\"postal_code\":\"98109\"}")]
    public async Task Profile_ByGrantedScope_AnswersTheScopesFields(string scope, string expected)
    {
        // Arrange
        var token = _amazon.IssueAccessToken(ClientId, scope: scope);

        // Act
        var profile = await GetProfileAsync(token);

        // Assert
        Assert.That(await profile.Content.ReadAsStringAsync(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Profile_BearerAuthorizationHeader_IsAccepted()
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Get, _amazon.ProfileUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _amazon.IssueAccessToken(ClientId));

        // Act
        var profile = await _http.SendAsync(request);

        // Assert
        Assert.That(profile.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("Atza|not-a-token")]
    [TestCase("")]
    public async Task Profile_InvalidOrMissingToken_400InvalidToken(string token)
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Get, _amazon.ProfileUrl);
        if (token.Length > 0)
        {
            request.Headers.Add("x-amz-access-token", token);
        }

        // Act
        var profile = await _http.SendAsync(request);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(profile.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await profile.Content.ReadAsStringAsync(), Is.EqualTo("{\"error_description\":\"The request has an invalid parameter : access_token\",\"error\":\"invalid_token\"}"));
        });
    }

    [Test]
    public async Task Profile_TokenPastItsLifetime_400InvalidToken()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var amazon = new FakeAmazon(new FakeAmazonOptions { TimeProvider = clock });
        var token = amazon.IssueAccessToken(ClientId);
        clock.Advance(TimeSpan.FromHours(1));

        // Act
        using var request = new HttpRequestMessage(HttpMethod.Get, amazon.ProfileUrl);
        request.Headers.Add("x-amz-access-token", token);
        var profile = await _http.SendAsync(request);

        // Assert
        Assert.That(profile.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task TokenInfo_ValidToken_ReportsAudienceUserAndTimes()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var amazon = new FakeAmazon(new FakeAmazonOptions { TimeProvider = clock });
        var token = amazon.IssueAccessToken("amzn1.application-oa2-client.someone-else");
        clock.Advance(TimeSpan.FromSeconds(600));

        // Act
        var info = await _http.GetAsync(new Uri(amazon.TokenInfoUrl + "?access_token=" + Uri.EscapeDataString(token)));
        var json = await JsonAsync(info);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(json["aud"]!.GetValue<string>(), Is.EqualTo("amzn1.application-oa2-client.someone-else"));
            Assert.That(json["user_id"]!.GetValue<string>(), Is.EqualTo(FakeAmazonAccount.Default.UserId));
            Assert.That(json["iss"]!.GetValue<string>(), Is.EqualTo("https://www.amazon.com"));
            Assert.That(json["exp"]!.GetValue<long>(), Is.EqualTo(3000));
            Assert.That(json["iat"]!.GetValue<long>(), Is.EqualTo(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));
            Assert.That(json["app_id"]!.GetValue<string>(), Does.StartWith("amzn1.application."));
            Assert.That(json.Select(p => p.Key), Is.EqualTo(new[] { "aud", "user_id", "iss", "exp", "app_id", "iat" }));
        });
    }

    [Test]
    public async Task TokenInfo_UnknownToken_400InvalidToken()
    {
        // Arrange
        var url = new Uri(_amazon.TokenInfoUrl + "?access_token=Atza%7Cunknown");

        // Act
        var info = await _http.GetAsync(url);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(info.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await JsonAsync(info))["error"]!.GetValue<string>(), Is.EqualTo("invalid_token"));
        });
    }

    // ---- scenarios ----

    [Test]
    public async Task WithScenario_AccessDeniedAtAuthorize_RedirectsWithErrorAndState()
    {
        // Arrange
        _amazon.WithScenario(FakeAmazonEndpoint.Authorize, FakeAmazonScenario.AccessDenied, times: 1);

        // Act
        var response = await _http.GetAsync(new Uri(_amazon.BuildAuthorizeUrl(ClientId, RedirectUri, "myapp")));
        var query = QueryOf(response);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(query["error"], Is.EqualTo("access_denied"));
            Assert.That(query.ContainsKey("error_description"), Is.True);
            Assert.That(query["state"], Is.EqualTo("myapp"));
            Assert.That(query.ContainsKey("code"), Is.False);
        });
    }

    [Test]
    public async Task WithScenario_InvalidGrantOnToken_400InLwaShape()
    {
        // Arrange
        _amazon.WithScenario(FakeAmazonEndpoint.Token, FakeAmazonScenario.InvalidGrant);

        // Act
        var token = await PostParaTokenRequestAsync(_amazon.IssueCode(ClientId, RedirectUri), RedirectUri);

        // Assert
        await AssertInvalidGrantAsync(token);
    }

    [Test]
    public async Task WithScenario_InvalidClientOnToken_401InLwaShape()
    {
        // Arrange
        _amazon.WithScenario(FakeAmazonEndpoint.Token, FakeAmazonScenario.InvalidClient);

        // Act
        var token = await PostParaTokenRequestAsync(_amazon.IssueCode(ClientId, RedirectUri), RedirectUri);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await JsonAsync(token))["error"]!.GetValue<string>(), Is.EqualTo("invalid_client"));
        });
    }

    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.ServerError, 500)]
    [TestCase(FakeAmazonEndpoint.Profile, FakeAmazonScenario.ServerError, 500)]
    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.ServiceUnavailable, 503)]
    [TestCase(FakeAmazonEndpoint.Profile, FakeAmazonScenario.ServiceUnavailable, 503)]
    public async Task WithScenario_ServerErrors_AnswerThatStatusWithoutJson(FakeAmazonEndpoint endpoint, FakeAmazonScenario scenario, int status)
    {
        // Arrange
        _amazon.WithScenario(endpoint, scenario);

        // Act
        var response = await CallAsync(endpoint);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.Not.EqualTo("application/json"));
        });
    }

    [Test]
    public async Task WithScenario_TooManyRequests_429WithRetryAfter()
    {
        // Arrange
        _amazon.RetryAfter = TimeSpan.FromSeconds(7);
        _amazon.WithScenario(FakeAmazonEndpoint.Token, FakeAmazonScenario.TooManyRequests);

        // Act
        var response = await CallAsync(FakeAmazonEndpoint.Token);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(429));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
        });
    }

    [Test]
    public async Task WithScenario_HtmlBody_200TextHtml()
    {
        // Arrange
        _amazon.WithScenario(FakeAmazonEndpoint.Profile, FakeAmazonScenario.HtmlBody);

        // Act
        var response = await CallAsync(FakeAmazonEndpoint.Profile);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("<!doctype html>"));
        });
    }

    [TestCase(FakeAmazonEndpoint.Token)]
    [TestCase(FakeAmazonEndpoint.Profile)]
    [TestCase(FakeAmazonEndpoint.TokenInfo)]
    public async Task WithScenario_TruncatedJson_200JsonThatDoesNotParse(FakeAmazonEndpoint endpoint)
    {
        // Arrange
        _amazon.WithScenario(endpoint, FakeAmazonScenario.TruncatedJson);

        // Act
        var response = await CallAsync(endpoint);
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(body, Does.StartWith("{"));
            Assert.That(() => JsonDocument.Parse(body), Throws.InstanceOf<JsonException>());
        });
    }

    [TestCase(FakeAmazonScenario.MissingUserId, "user_id")]
    [TestCase(FakeAmazonScenario.MissingEmail, "email")]
    [TestCase(FakeAmazonScenario.MissingName, "name")]
    public async Task WithScenario_MissingProfileField_ProfileLacksOnlyThatField(FakeAmazonScenario scenario, string field)
    {
        // Arrange
        var token = _amazon.IssueAccessToken(ClientId);
        _amazon.WithScenario(FakeAmazonEndpoint.Profile, scenario, times: 1);

        // Act
        var json = await JsonAsync(await GetProfileAsync(token));

        // Assert
        Assert.That(json.Select(p => p.Key), Is.EquivalentTo(new[] { "user_id", "name", "email" }.Where(f => f != field)));
    }

    [Test]
    public async Task WithScenario_MissingUserIdOnTokenInfo_AnswersWithoutUserId()
    {
        // Arrange
        var token = _amazon.IssueAccessToken(ClientId);
        _amazon.WithScenario(FakeAmazonEndpoint.TokenInfo, FakeAmazonScenario.MissingUserId);

        // Act
        var json = await JsonAsync(await _http.GetAsync(new Uri(_amazon.TokenInfoUrl + "?access_token=" + Uri.EscapeDataString(token))));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(json.ContainsKey("user_id"), Is.False);
            Assert.That(json["aud"]!.GetValue<string>(), Is.EqualTo(ClientId));
        });
    }

    [Test]
    public async Task WithScenario_LargeBody_ValidJsonOfAtLeastTheConfiguredSize()
    {
        // Arrange
        _amazon.WithScenario(FakeAmazonEndpoint.Profile, FakeAmazonScenario.LargeBody);

        // Act
        var response = await CallAsync(FakeAmazonEndpoint.Profile);
        var body = await response.Content.ReadAsByteArrayAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(body, Has.Length.AtLeast(5 * 1024 * 1024));
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("user_id").GetString(), Is.EqualTo(FakeAmazonAccount.Default.UserId));
        });
    }

    [Test]
    public async Task WithScenario_EmptyResponse_200WithEmptyBody()
    {
        // Arrange
        _amazon.WithScenario(FakeAmazonEndpoint.Token, FakeAmazonScenario.EmptyResponse);

        // Act
        var response = await CallAsync(FakeAmazonEndpoint.Token);

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        });
    }

    [Test]
    public async Task WithScenario_MalformedChunk_200WithABodyThatIsNotJson()
    {
        // Arrange
        _amazon.WithScenario(FakeAmazonEndpoint.Profile, FakeAmazonScenario.MalformedChunk);

        // Act
        var response = await CallAsync(FakeAmazonEndpoint.Profile);
        var body = await response.Content.ReadAsByteArrayAsync();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(() => JsonDocument.Parse(body), Throws.InstanceOf<JsonException>());
        });
    }

    [Test]
    public async Task WithScenario_ConnectionReset_ClientSeesATransportErrorAndTheRequestIsJournaled()
    {
        // Arrange
        _amazon.WithScenario(FakeAmazonEndpoint.Token, FakeAmazonScenario.ConnectionReset, times: 1);
        var code = _amazon.IssueCode(ClientId, RedirectUri);

        // Act
        var reset = Assert.ThrowsAsync<HttpRequestException>(() => PostParaTokenRequestAsync(code, RedirectUri));
        var retry = await PostParaTokenRequestAsync(code, RedirectUri);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(reset, Is.Not.Null);
            Assert.That(_amazon.TokenRequests, Has.Count.EqualTo(2));
            Assert.That(_amazon.TokenRequests[0].StatusCode, Is.Null);
            Assert.That(_amazon.TokenRequests[0].GetFormValue("code"), Is.EqualTo(code));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a reset happens before processing, so the code is still unused");
        });
    }

    [Test]
    public async Task WithScenario_ForTimesThenQueued_AppliesInOrderThenBackToNormal()
    {
        // Arrange
        _amazon
            .WithScenario(FakeAmazonEndpoint.Profile, FakeAmazonScenario.ServiceUnavailable, times: 2)
            .WithScenario(FakeAmazonEndpoint.Profile, FakeAmazonScenario.TooManyRequests, times: 1);
        var token = _amazon.IssueAccessToken(ClientId);

        // Act
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((int)(await GetProfileAsync(token)).StatusCode);
        }

        // Assert
        Assert.That(statuses, Is.EqualTo(new[] { 503, 503, 429, 200 }));
    }

    [Test]
    public async Task ResetScenarios_AfterAnUntilResetScenario_AnswersNormallyAgain()
    {
        // Arrange
        _amazon.WithScenario(FakeAmazonEndpoint.Profile, FakeAmazonScenario.ServerError);
        var token = _amazon.IssueAccessToken(ClientId);
        var before = await GetProfileAsync(token);

        // Act
        _amazon.ResetScenarios();
        var after = await GetProfileAsync(token);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.AccessDenied)]
    [TestCase(FakeAmazonEndpoint.Profile, FakeAmazonScenario.InvalidGrant)]
    [TestCase(FakeAmazonEndpoint.Token, FakeAmazonScenario.MissingEmail)]
    [TestCase(FakeAmazonEndpoint.Unmatched, FakeAmazonScenario.ServerError)]
    public void WithScenario_NotApplicableToTheEndpoint_ThrowsArgumentException(FakeAmazonEndpoint endpoint, FakeAmazonScenario scenario)
    {
        // Arrange
        // (the fake from SetUp)

        // Act
        void Act() => _amazon.WithScenario(endpoint, scenario);

        // Assert
        Assert.That(Act, Throws.ArgumentException);
    }

    [TestCase(FakeAmazonEndpoint.Token)]
    [TestCase(FakeAmazonEndpoint.Profile)]
    [TestCase(FakeAmazonEndpoint.TokenInfo)]
    public async Task WithDelay_SlowEndpoint_AnswersNoSoonerThanTheDelay(FakeAmazonEndpoint endpoint)
    {
        // Arrange
        var delay = TimeSpan.FromMilliseconds(400);
        _amazon.WithDelay(endpoint, delay, times: 1);
        var stopwatch = Stopwatch.StartNew();

        // Act
        await CallAsync(endpoint);
        stopwatch.Stop();

        // Assert
        Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(delay - TimeSpan.FromMilliseconds(15)), "timer granularity allowance only");
    }

    // ---- journal and unmatched requests ----

    [Test]
    public async Task UnmatchedRequests_UnknownPathAndWrongMethod_Recorded404AndAssertThrows()
    {
        // Arrange
        var unknownPath = new Uri(_amazon.BaseUrl + "/auth/o2/create/codepair");
        var wrongMethod = new Uri(_amazon.TokenUrl);

        // Act
        var first = await _http.PostAsync(unknownPath, new StringContent("x"));
        var second = await _http.GetAsync(wrongMethod);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(_amazon.UnmatchedRequests.Select(r => $"{r.Method} {r.Path}"), Is.EqualTo(new[] { "POST /auth/o2/create/codepair", "GET /auth/o2/token" }));
            Assert.That(_amazon.AssertNoUnmatchedRequests, Throws.InvalidOperationException.With.Message.Contains("/auth/o2/create/codepair"));
        });
    }

    [Test]
    public async Task UnmatchedRequests_FailOnUnmatchedRequestsOff_Answered404ButNotCounted()
    {
        // Arrange
        _amazon.FailOnUnmatchedRequests = false;

        // Act
        var response = await _http.GetAsync(new Uri(_amazon.BaseUrl + "/favicon.ico"));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(_amazon.UnmatchedRequests, Is.Empty);
            Assert.That(_amazon.Requests.Single().Endpoint, Is.EqualTo(FakeAmazonEndpoint.Unmatched));
            Assert.That(_amazon.AssertNoUnmatchedRequests, Throws.Nothing);
        });
    }

    [Test]
    public async Task ProfileRequests_ParaShapedProfileCall_JournalHasTheTokenHeaderAndAccept()
    {
        // Arrange
        var token = _amazon.IssueAccessToken(ClientId);

        // Act
        await GetProfileAsync(token);

        // Assert
        var request = _amazon.ProfileRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.GetHeader("x-amz-access-token"), Is.EqualTo(token));
            Assert.That(request.GetHeader("Accept"), Is.EqualTo("application/json"));
            Assert.That(request.Body, Is.Empty);
            Assert.That(_amazon.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Constructor_TwoFakes_ListenOnDifferentLoopbackPorts()
    {
        // Arrange
        using var other = new FakeAmazon();

        // Act
        var urls = new[] { new Uri(_amazon.BaseUrl), new Uri(other.BaseUrl) };

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(urls.Select(u => u.Host), Is.All.EqualTo("127.0.0.1"));
            Assert.That(urls[0].Port, Is.Not.EqualTo(urls[1].Port));
            Assert.That(_amazon.AuthorizeUrl, Is.EqualTo(_amazon.BaseUrl + "/ap/oa"));
        });
        await Task.CompletedTask;
    }

    // ---- helpers ----

    private async Task<HttpResponseMessage> PostParaTokenRequestAsync(string code, string redirectUri, string secret = Secret, string? tokenUrl = null)
    {
        // Exactly Para's token request (spec §3.1 step 6): this field order, only redirect_uri form-encoded.
        var body = $"code={code}&redirect_uri={WebUtility.UrlEncode(redirectUri)}&client_id={ClientId}&client_secret={secret}&grant_type=authorization_code";
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl ?? _amazon.TokenUrl)
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await _http.SendAsync(request);
    }

    private HttpRequestMessage FormRequest(params (string Name, string Value)[] fields) =>
        new(HttpMethod.Post, _amazon.TokenUrl)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };

    private async Task<HttpResponseMessage> PostFormAsync(params (string Name, string Value)[] fields)
    {
        using var request = FormRequest(fields);
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetProfileAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _amazon.ProfileUrl);
        request.Headers.Add("x-amz-access-token", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await _http.SendAsync(request);
    }

    private async Task<JsonObject> ProfileJsonForCodeAsync(string code)
    {
        var token = await JsonAsync(await PostParaTokenRequestAsync(code, RedirectUri));
        return await JsonAsync(await GetProfileAsync(token["access_token"]!.GetValue<string>()));
    }

    private Task<HttpResponseMessage> CallAsync(FakeAmazonEndpoint endpoint) => endpoint switch
    {
        FakeAmazonEndpoint.Token => PostParaTokenRequestAsync(_amazon.IssueCode(ClientId, RedirectUri), RedirectUri),
        FakeAmazonEndpoint.Profile => GetProfileAsync(_amazon.IssueAccessToken(ClientId)),
        FakeAmazonEndpoint.TokenInfo => _http.GetAsync(new Uri(_amazon.TokenInfoUrl + "?access_token=" + Uri.EscapeDataString(_amazon.IssueAccessToken(ClientId)))),
        _ => _http.GetAsync(new Uri(_amazon.BuildAuthorizeUrl(ClientId, RedirectUri, "s"))),
    };

    private static Dictionary<string, string> QueryOf(HttpResponseMessage redirect) =>
        QueryHelpers.ParseQuery(redirect.Headers.Location?.Query).ToDictionary(q => q.Key, q => q.Value.ToString());

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static async Task AssertInvalidGrantAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body, Is.EqualTo("{\"error_description\":\"The request has an invalid grant parameter : code\",\"error\":\"invalid_grant\"}"));
        });
    }

    private static async Task AssertSorryPageAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Headers.Location, Is.Null);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(body, Does.Contain("We're sorry!").And.Contain("An error occurred"));
        });
    }
}
