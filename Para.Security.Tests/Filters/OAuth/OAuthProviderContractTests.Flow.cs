// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Para.Security.Diagnostics;

namespace Para.Security.Tests.Filters.OAuth;

/// <content>The callback's outcomes: success, cancel, bad code, faults, per-app credentials, and <c>POST /jwt_auth</c>.</content>
public abstract partial class OAuthProviderContractTests
{
    public static IEnumerable<TestCaseData> Faults()
    {
        foreach (var fault in new[] { ProviderFault.ClientError, ProviderFault.ServerError, ProviderFault.Timeout, ProviderFault.BadJson })
        {
            yield return new TestCaseData(ProviderEndpoint.Token, fault).SetName($"Callback_TokenEndpoint{fault}_FailsWithItsCode");
            yield return new TestCaseData(ProviderEndpoint.Profile, fault).SetName($"Callback_ProfileEndpoint{fault}_FailsWithItsCode");
        }

        yield return new TestCaseData(ProviderEndpoint.Profile, ProviderFault.MissingSubject).SetName("Callback_ProfileWithoutSubject_FailsWithItsCode");
    }

    [Test]
    public async Task Callback_UserConsented_SignsInTheRootAppsUserAndRedirectsToSuccess()
    {
        // Act
        var response = await CallbackAsync("code=" + Uri.EscapeDataString(IssueCode(RootClientId, Callback)) + "&state=para");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/"));
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
            Assert.That(await Host.Users.FindByIdentifierAsync("para", ExpectedIdentifier), Is.Not.Null);
            Assert.That(TokenRequestValues("client_id"), Is.EqualTo(new[] { RootClientId }));
            Assert.That(Logs.SignInFailureCodes, Is.Empty);
        });
    }

    [Test]
    public async Task Callback_UserCancelled_FailsWithoutCallingTheProvider()
    {
        // Act: RFC 6749 §4.1.2.1, the provider sends the browser back with error=access_denied and no code.
        var response = await CallbackAsync("error=access_denied&error_description=The+user+denied&state=para");

        // Assert
        AssertFailed(response, ParaSecurityErrors.ProviderDenied);
        Assert.That(TokenRequestValues("code"), Is.Empty);
    }

    [Test]
    public async Task Callback_CodeTheProviderDidNotIssue_FailsAsTokenRejected()
    {
        // Act
        var response = await CallbackAsync("code=not-a-code-of-this-provider&state=para");

        // Assert
        AssertFailed(response, ParaSecurityErrors.TokenRejected);
        Assert.That(TokenRequestValues("code"), Is.EqualTo(new[] { "not-a-code-of-this-provider" }));
    }

    [TestCaseSource(nameof(Faults))]
    public async Task Callback_EndpointFault_FailsWithItsCode(ProviderEndpoint endpoint, ProviderFault fault)
    {
        // Arrange
        InjectFault(endpoint, fault);
        var codes = (endpoint, fault) switch
        {
            (_, ProviderFault.MissingSubject) => [ParaSecurityErrors.ProfileMissingSubject],
            (ProviderEndpoint.Token, ProviderFault.ClientError) => [ParaSecurityErrors.TokenRejected],
            (ProviderEndpoint.Token, ProviderFault.ServerError) => [ParaSecurityErrors.TokenEndpointFailed, ParaSecurityErrors.TokenRejected],
            (ProviderEndpoint.Token, _) => [ParaSecurityErrors.TokenEndpointFailed],
            (ProviderEndpoint.Profile, ProviderFault.ClientError) => [ParaSecurityErrors.ProfileMissingSubject, ParaSecurityErrors.ProfileEndpointFailed],
            (ProviderEndpoint.Profile, ProviderFault.ServerError) => [ParaSecurityErrors.ProfileEndpointFailed, ParaSecurityErrors.ProfileMissingSubject],
            _ => new[] { ParaSecurityErrors.ProfileEndpointFailed },
        };

        // Act
        await using var host = fault == ProviderFault.Timeout ? await StartHostAsync(shortTimeouts: true) : null;
        var response = await CallbackAsync("code=" + Uri.EscapeDataString(IssueCode(RootClientId, Callback)) + "&state=para", host: host);

        // Assert: the code is never exchanged twice (a timed-out exchange may not have reached the fake's journal).
        AssertFailed(response, codes);
        Assert.That(TokenRequestValues("code"), Has.Count.LessThanOrEqualTo(1));
    }

    [Test]
    public async Task Callback_ChildAppWithItsOwnCredentials_ExchangesWithThemAndSignsInToThatApp()
    {
        // Arrange
        RegisterClient("shop-client", "shop-secret", Callback);
        await Host.CreateAppAsync("shop", new JsonObject
        {
            [CredentialsPrefix + "_app_id"] = "shop-client",
            [CredentialsPrefix + "_secret"] = "shop-secret",
            ["signin_success"] = "https://shop.example/in",
        });

        // Act
        var response = await CallbackAsync("code=" + Uri.EscapeDataString(IssueCode("shop-client", Callback)) + "&state=shop");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(response.Headers.Location?.ToString(), Does.StartWith("https://shop.example/in"), string.Join(", ", Logs.SignInFailureCodes));
            Assert.That(TokenRequestValues("client_id"), Is.EqualTo(new[] { "shop-client" }));
            Assert.That(await Host.Users.FindByIdentifierAsync("shop", ExpectedIdentifier), Is.Not.Null);
            Assert.That(await Host.Users.FindByIdentifierAsync("para", ExpectedIdentifier), Is.Null);
        });
    }

    [Test]
    public async Task JwtAuth_ProviderTokenOfTheAppsClient_SignsInAndAnotherClientsIsRefused()
    {
        // Arrange
        RegisterClient("shop-client", "shop-secret", Callback);
        await Host.CreateAppAsync("shop", new JsonObject { [CredentialsPrefix + "_app_id"] = "shop-client", [CredentialsPrefix + "_secret"] = "shop-secret" });

        // Act
        var good = await PostJwtAuthAsync(IssueAccessToken("shop-client"));
        var bad = await PostJwtAuthAsync("not-a-token-of-this-provider");

        // Assert
        var body = await good.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(body, Does.Contain("\"identifier\":\"" + ExpectedIdentifier + "\""));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    private async Task<HttpResponseMessage> PostJwtAuthAsync(string token)
    {
        var body = new JsonObject { ["appid"] = "app:shop", ["provider"] = ProviderName, ["token"] = token }.ToJsonString();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await Host.Client.PostAsync(new Uri("/jwt_auth", UriKind.Relative), content);
    }
}
