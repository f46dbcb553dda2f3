// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Para.Security.Tests.Api;
using Para.Security.Tests.Fuzzing.Raw;

namespace Para.Security.Tests.Http;

/// <summary>
/// Bodies HTTP clients refuse to send, over a raw socket to Kestrel: every endpoint that reads a body answers Para's
/// 400 JSON for broken chunked framing, invalid UTF-8 and escaped lone surrogates, and changes nothing; a JSON body in
/// UTF-16 is read as Para's Jackson reads it.
/// </summary>
[NonParallelizable]
public sealed class RequestBodyEndpointTests
{
    private const string BadChunk = "{\"code\":400,\"message\":\"The request body could not be read: Bad chunk size data.\"}";

    private ApiTestHost _host = null!;
    private string _secret = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _host = await ApiTestHost.StartAsync(kestrel: true);
        _secret = await _host.SetupAmazonAppAsync("myapp");
    }

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [Test]
    public async Task JwtAuth_BrokenChunkSize_Answers400()
    {
        // Arrange
        var request = Post("/jwt_auth", RawFraming.RawChunked, "zz\r\n");

        // Act
        var (status, body) = await ExchangeAsync(request);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(400));
            Assert.That(body, Is.EqualTo(BadChunk));
        });
    }

    [TestCase(new byte[] { 0x22, 0xFF, 0xFE, 0x22 }, TestName = "JwtAuth_InvalidUtf8Token_Answers400MalformedJson")]
    [TestCase(new byte[] { 0x22, 0x5C, 0x75, 0x64, 0x38, 0x30, 0x30, 0x22 }, TestName = "JwtAuth_EscapedLoneSurrogateToken_Answers400MalformedJson")]
    public async Task JwtAuth_UnreadableToken_Answers400MalformedJson(byte[] token)
    {
        // Arrange
        byte[] json = [.. Encoding.UTF8.GetBytes("{\"appid\":\"app:myapp\",\"provider\":\"amazon\",\"token\":"), .. token, .. "}"u8];
        var request = Post("/jwt_auth", RawFraming.ContentLength, json);

        // Act
        var (status, body) = await ExchangeAsync(request);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(400));
            Assert.That(JsonNode.Parse(body)!["message"]!.GetValue<string>(), Does.StartWith("Malformed JSON: "));
        });
    }

    [Test]
    public async Task JwtAuth_Utf16JsonDeclaredUtf16_SignsIn()
    {
        // Arrange
        var token = _host.Amazon.IssueAccessToken(ApiTestHost.AppClientId);
        var json = Encoding.Unicode.GetBytes(new JsonObject { ["appid"] = "app:myapp", ["provider"] = "amazon", ["token"] = token }.ToJsonString());
        var request = Post("/jwt_auth", RawFraming.ContentLength, json, "application/json; charset=UTF-16");

        // Act
        var (status, body) = await ExchangeAsync(request);

        // Assert
        Assert.That(status, Is.EqualTo(200), body);
    }

    [TestCase(true, "zz\r\n", BadChunk, TestName = "PutSettings_BrokenChunkSize_Answers400AndChangesNothing")]
    [TestCase(false, "{\"value\":\"\\ud800\"}", "{\"code\":400,\"message\":\"Bad Request\"}", TestName = "PutSettings_EscapedLoneSurrogate_Answers400AndChangesNothing")]
    public async Task PutSettings_Unreadable_Answers400AndChangesNothing(bool chunked, string payload, string expected)
    {
        // Arrange
        var framing = chunked ? RawFraming.RawChunked : RawFraming.ContentLength;
        var builder = new RawRequestBuilder("PUT", "/v1/_settings/fuzz", Host) { Framing = framing, Body = Encoding.UTF8.GetBytes(payload), Close = true };
        var request = builder.Header("Content-Type", "application/json").Header("Authorization", "Bearer " + await _host.SuperTokenAsync("app:myapp")).Build("api", new Random(1));

        // Act
        var (status, body) = await ExchangeAsync(request);

        // Assert
        var settings = (await _host.Apps.FindAsync("app:myapp"))!.Settings;
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(400));
            Assert.That(body, Is.EqualTo(expected));
            Assert.That(settings.ContainsKey("fuzz"), Is.False);
        });
    }

    [Test]
    public async Task SignedRequest_BrokenChunkSize_Answers400BeforeTheSignatureCheck()
    {
        // Arrange
        var builder = new RawRequestBuilder("PUT", "/v1/_settings/fuzz", Host) { Framing = RawFraming.RawChunked, Body = "zz\r\n"u8.ToArray() };
        var request = builder.Header("Content-Type", "application/json").Sign("app:myapp", _secret, DateTimeOffset.UtcNow).Build("api", new Random(1));

        // Act
        var (status, body) = await ExchangeAsync(request);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(400));
            Assert.That(body, Is.EqualTo(BadChunk));
        });
    }

    private string Host => _host.BaseAddress.Authority;

    private RawRequest Post(string path, RawFraming framing, string body) => Post(path, framing, Encoding.Latin1.GetBytes(body));

    private RawRequest Post(string path, RawFraming framing, byte[] body, string contentType = "application/json") =>
        new RawRequestBuilder("POST", path, Host) { Framing = framing, Body = body, Close = true }.Header("Content-Type", contentType).Build("jwt_auth", new Random(1));

    // Sends the request and reads the answer to the end (every request here asks the server to close).
    private async Task<(int Status, string Body)> ExchangeAsync(RawRequest request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_host.BaseAddress.Host, _host.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request.Bytes);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var head = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = response[(head + 4)..];
        if (response[..head].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = string.Concat(body.Split("\r\n").Where((_, i) => i % 2 == 1));
        }

        return (int.Parse(response.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), body);
    }
}
