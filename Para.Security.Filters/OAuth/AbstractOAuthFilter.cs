// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Para.Security.Diagnostics;
using Para.Security.Handlers;
using Para.Security.Identity;
using Para.Security.Pipeline;
using Para.Security.Pipeline.Results;

namespace Para.Security.Filters.OAuth;

/// <summary>
/// The OAuth 2 authorization-code flow of Para's provider filters (para-spec.md §3, §7.1): read the callback, resolve
/// the app and its client credentials, rebuild <c>redirect_uri</c>, exchange the code, read the profile, map it,
/// find, create or update the user, then run Para's success or failure handler. A provider overrides only what
/// differs, usually its endpoints and how the profile request carries the token.
/// </summary>
/// <typeparam name="TOptions">The provider's options.</typeparam>
public abstract partial class AbstractOAuthFilter<TOptions> : IAuthFilter
    where TOptions : OAuthFilterOptions
{
    /// <summary>Para's message for every failed OAuth sign-in except a failed user creation.</summary>
    protected const string BadCredentials = "Bad credentials.";

    /// <summary>Para's message when the user cannot be created.</summary>
    protected const string CannotCreateUser = "Authentication failed: cannot create new user.";

    private readonly IOptionsMonitor<TOptions> _options;

    /// <summary>Initializes a new instance of the <see cref="AbstractOAuthFilter{TOptions}"/> class.</summary>
    /// <param name="services">The core services.</param>
    /// <param name="options">The provider options.</param>
    protected AbstractOAuthFilter(OAuthFilterServices services, IOptionsMonitor<TOptions> options)
    {
        Services = services ?? throw new ArgumentNullException(nameof(services));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Logger = services.LoggerFactory.CreateLogger(GetType());
    }

    /// <summary>Gets the core services.</summary>
    protected OAuthFilterServices Services { get; }

    /// <summary>Gets the current provider options.</summary>
    protected TOptions Options => _options.CurrentValue;

    /// <summary>Gets the filter's logger.</summary>
    protected ILogger Logger { get; }

    /// <inheritdoc />
    public async ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var outcome = await AuthenticateAsync(http, context.RequestAborted).ConfigureAwait(false);
        if (outcome.Value is { } user)
        {
            Log.SignedIn(Logger, Options.ProviderName, user.Id, user.AppId);
            return AuthFilterResult.Handled(Harden(await Services.SuccessHandler.HandleAsync(http, user).ConfigureAwait(false)));
        }

        Log.SignInFailed(Logger, Options.ProviderName, outcome.ErrorCode!, outcome.Detail!);
        var message = outcome.ErrorCode == ParaSecurityErrors.UserCreationFailed ? CannotCreateUser : BadCredentials;
        return AuthFilterResult.Handled(Harden(await Services.FailureHandler.HandleAsync(http, message, outcome.ErrorCode!).ConfigureAwait(false)));
    }

    // Checklist items 26-27: the callback URL holds the code, so its answer sends no Referer onwards and is never cached.
    private static AuthResult Harden(AuthResult result)
    {
        result.Headers["Referrer-Policy"] = "no-referrer";
        result.Headers["Cache-Control"] = "no-store";
        return result;
    }

    /// <summary>Runs the flow up to a signed-in, active user, or a failure.</summary>
    /// <param name="http">The callback request.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>The user, or a failure.</returns>
    protected virtual async Task<OAuthStepResult<ParaUser>> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var code = await ParaAuthRequest.GetParameterAsync(request, "code", cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(code))
        {
            var error = await ParaAuthRequest.GetParameterAsync(request, "error", cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(error)
                ? Fail<ParaUser>(ParaSecurityErrors.MissingCode, "the callback has no code")
                : Fail<ParaUser>(ParaSecurityErrors.ProviderDenied, "the provider answered error=" + Sanitize(error));
        }

        var appId = await ParaAuthRequest.GetAppIdAsync(request, cancellationToken).ConfigureAwait(false);
        var app = await Services.Apps.FindAsync(ParaAppId.Normalize(appId) ?? Services.Root.Id, cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            return Fail<ParaUser>(ParaSecurityErrors.UnknownApp, "app " + Sanitize(appId ?? Services.Root.Id) + " does not exist");
        }

        var keys = Services.Settings.GetOAuthKeysForApp(app, Options.CredentialsPrefix);
        if (string.IsNullOrEmpty(keys.ClientId) || string.IsNullOrEmpty(keys.ClientSecret))
        {
            return Fail<ParaUser>(ParaSecurityErrors.MissingClientCredentials, $"app {app.Id} has no {Options.CredentialsPrefix}_app_id/{Options.CredentialsPrefix}_secret pair");
        }

        var endpoints = ResolveEndpoints(app);
        var tokens = await ExchangeCodeAsync(app, code, OAuthRedirectUri.Build(request), keys, endpoints, cancellationToken).ConfigureAwait(false);
        if (tokens.Value is null)
        {
            return Fail<ParaUser>(tokens.ErrorCode!, tokens.Detail!);
        }

        return await SignInWithTokenAsync(app, tokens.Value, endpoints, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the profile for an access token and finds, creates or updates the user: the second half of the flow,
    /// shared with token-exchange endpoints such as <c>POST /jwt_auth</c>.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="tokens">The provider tokens.</param>
    /// <param name="endpoints">The provider endpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The active user, or a failure.</returns>
    protected async Task<OAuthStepResult<ParaUser>> SignInWithTokenAsync(ParaApp app, OAuthTokens tokens, OAuthEndpoints endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(endpoints);
        var profile = await GetProfileAsync(tokens, endpoints, cancellationToken).ConfigureAwait(false);
        if (profile.Value is null)
        {
            return Fail<ParaUser>(profile.ErrorCode!, profile.Detail!);
        }

        ExternalIdentity identity;
        using (profile.Value)
        {
            identity = Options.ProfileMapping.Apply(profile.Value.RootElement);
        }

        if (string.IsNullOrWhiteSpace(identity.Subject))
        {
            return Fail<ParaUser>(ParaSecurityErrors.ProfileMissingSubject, "the profile has no subject");
        }

        var user = await ProvisionUserAsync(app, identity, tokens, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return Fail<ParaUser>(ParaSecurityErrors.UserCreationFailed, "the user could not be created");
        }

        // Para (§3.1 step 7): an inactive user fails with "Bad credentials.", never with the "locked" message.
        return user.Active
            ? OAuthStepResult.Success(user)
            : Fail<ParaUser>(ParaSecurityErrors.UserInactive, $"user {user.Id} is not active");
    }

    /// <summary>Returns the provider endpoints for an app.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The endpoints.</returns>
    protected abstract OAuthEndpoints ResolveEndpoints(ParaApp app);

    /// <summary>Returns the token request's form fields, in order (Para's order by default).</summary>
    /// <param name="code">The authorization code.</param>
    /// <param name="redirectUri">The redirect URI.</param>
    /// <param name="keys">The client credentials.</param>
    /// <returns>The fields.</returns>
    protected virtual IEnumerable<KeyValuePair<string, string>> GetTokenRequestFields(string code, string redirectUri, ParaOAuthKeys keys) =>
    [
        new("code", code),
        new("redirect_uri", redirectUri),
        new("client_id", keys.ClientId),
        new("client_secret", keys.ClientSecret),
        new("grant_type", "authorization_code"),
    ];

    /// <summary>Adds the access token to the profile request (a Bearer header by default).</summary>
    /// <param name="request">The profile request.</param>
    /// <param name="tokens">The provider tokens.</param>
    protected virtual void AddAccessToken(HttpRequestMessage request, OAuthTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tokens);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
    }

    /// <summary>Returns the picture of a new user (the profile's by default).</summary>
    /// <param name="identity">The identity.</param>
    /// <returns>The picture URL, or <see langword="null"/> for Para's default.</returns>
    protected virtual string? GetNewUserPicture(ExternalIdentity identity) => identity?.Picture;

    /// <summary>Gets a value indicating whether a returning user's picture follows the profile (Para: most providers yes, Amazon no).</summary>
    protected virtual bool UpdatesPicture => true;

    /// <summary>Exchanges the authorization code at the token endpoint. Sent once: never retried.</summary>
    /// <param name="app">The app.</param>
    /// <param name="code">The code.</param>
    /// <param name="redirectUri">The redirect URI, as the browser was sent with it.</param>
    /// <param name="keys">The client credentials.</param>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The tokens, or a failure.</returns>
    protected virtual async Task<OAuthStepResult<OAuthTokens>> ExchangeCodeAsync(
        ParaApp app, string code, string redirectUri, ParaOAuthKeys keys, OAuthEndpoints endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.Token)
        {
            Content = new FormUrlEncodedContent(GetTokenRequestFields(code, redirectUri, keys)),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var document = await SendForJsonAsync(request, ParaSecurityErrors.TokenEndpointFailed, "token", cancellationToken).ConfigureAwait(false);
        if (document.Value is null)
        {
            return OAuthStepResult.Failure<OAuthTokens>(document.ErrorCode!, document.Detail!);
        }

        using (document.Value)
        {
            var root = document.Value.RootElement;
            var accessToken = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("access_token", out var at) && at.ValueKind == JsonValueKind.String ? at.GetString() : null;
            if (string.IsNullOrEmpty(accessToken))
            {
                var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.ToString() : "no access_token";
                return OAuthStepResult.Failure<OAuthTokens>(ParaSecurityErrors.TokenRejected, "the token endpoint answered " + Sanitize(error));
            }

            var refresh = root.TryGetProperty("refresh_token", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString() : null;
            return OAuthStepResult.Success(new OAuthTokens(accessToken, refresh, ReadExpiresIn(root)));
        }
    }

    /// <summary>Reads the profile.</summary>
    /// <param name="tokens">The provider tokens.</param>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The profile document (the caller disposes it), or a failure.</returns>
    protected virtual async Task<OAuthStepResult<JsonDocument>> GetProfileAsync(OAuthTokens tokens, OAuthEndpoints endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.UserInformation);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        AddAccessToken(request, tokens);
        return await SendForJsonAsync(request, ParaSecurityErrors.ProfileEndpointFailed, "profile", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a backchannel request and parses a JSON object answer; every transport or format failure becomes <paramref name="errorCode"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="errorCode">The code for failures.</param>
    /// <param name="what">What is called, for the log.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The document, or a failure.</returns>
    protected async Task<OAuthStepResult<JsonDocument>> SendForJsonAsync(HttpRequestMessage request, string errorCode, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = Services.HttpClientFactory.CreateClient(BackchannelServiceCollectionExtensions.ClientNamePrefix + Options.ProviderName);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} endpoint answered HTTP {(int)response.StatusCode} with a body that is not JSON");
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} endpoint answered HTTP {(int)response.StatusCode} with JSON that is not an object");
            }

            return OAuthStepResult.Success(document);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Network failures, timeouts, open circuits and size-cap breaches all end in the failure handler.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return OAuthStepResult.Failure<JsonDocument>(errorCode, $"the {what} call failed: {ex.GetType().Name}");
        }
    }

    /// <summary>Finds, creates or updates the user for an identity (para-spec.md §3.1 step 8, §7.1).</summary>
    /// <param name="app">The app.</param>
    /// <param name="identity">The mapped identity; its subject is set.</param>
    /// <param name="tokens">The provider tokens.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The user, or <see langword="null"/> when it cannot be created.</returns>
    protected virtual async Task<ParaUser?> ProvisionUserAsync(ParaApp app, ExternalIdentity identity, OAuthTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(tokens);
        var identifier = Options.IdentifierPrefix + identity.Subject;
        var idpToken = EncodeIdpAccessToken(tokens.AccessToken);
        var user = await Services.UserService.ReadUserForIdentifierAsync(app.Identifier, identifier, identity.Email, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            var created = new ParaUser
            {
                Id = string.Empty,
                AppId = app.Identifier,
                Identifier = identifier,
                Active = true,
                Email = string.IsNullOrWhiteSpace(identity.Email) ? Services.Ids.NewId() + "@" + Options.EmailFallbackDomain : identity.Email,
                Name = string.IsNullOrWhiteSpace(identity.Name) ? "No Name" : identity.Name,
                Picture = GetNewUserPicture(identity),
                IdpAccessToken = idpToken,
            };

            // A random password, as Para gives social users; it only passes the creation rules.
            return await Services.UserService.CreateUserAsync(created, ParaSecrets.NewTokenSecret(), cancellationToken).ConfigureAwait(false)
                ?? await Services.Users.FindByIdentifierAsync(app.Identifier, identifier, cancellationToken).ConfigureAwait(false); // a concurrent callback created it first
        }

        var changed = false;
        if (!string.IsNullOrWhiteSpace(identity.Email) && !string.Equals(identity.Email, user.Email, StringComparison.Ordinal))
        {
            user.Email = identity.Email;
            changed = true;
        }

        if (!string.IsNullOrWhiteSpace(identity.Name) && !string.Equals(identity.Name, user.Name, StringComparison.Ordinal))
        {
            user.Name = identity.Name;
            changed = true;
        }

        if (UpdatesPicture && !string.IsNullOrWhiteSpace(identity.Picture) && !string.Equals(identity.Picture, user.Picture, StringComparison.Ordinal))
        {
            user.Picture = identity.Picture;
            changed = true;
        }

        if (!string.Equals(DecodeIdpAccessToken(user.IdpAccessToken), DecodeIdpAccessToken(idpToken), StringComparison.Ordinal))
        {
            user.IdpAccessToken = idpToken;
            changed = true;
        }

        if (changed)
        {
            user.Updated = Services.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            await Services.Users.UpdateAsync(user, cancellationToken).ConfigureAwait(false);
        }

        return user;
    }

    /// <summary>
    /// Encodes the provider access token as Para stores it: an unsigned JWT-shaped string whose middle part is the
    /// Base64 of <c>{"access_token":"…"}</c>.
    /// </summary>
    /// <param name="accessToken">The access token.</param>
    /// <returns>The stored form.</returns>
    protected static string EncodeIdpAccessToken(string accessToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("access_token", accessToken);
            writer.WriteEndObject();
        }

        return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + Convert.ToBase64String(buffer.ToArray()) + ".Ss";
    }

    private static string? DecodeIdpAccessToken(string? stored)
    {
        var parts = stored?.Split('.');
        if (parts is not { Length: 3 })
        {
            return stored;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(parts[1]));
        }
        catch (FormatException)
        {
            return stored;
        }
    }

    private static long? ReadExpiresIn(JsonElement root)
    {
        // Amazon documents a number; some clients of it have seen a numeric string. Accept both.
        if (!root.TryGetProperty("expires_in", out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    private static OAuthStepResult<T> Fail<T>(string code, string detail)
        where T : class => OAuthStepResult.Failure<T>(code, detail);

    // Provider-supplied text goes to logs only after it is cut short and stripped of control characters.
    private static string Sanitize(string value)
    {
        var text = value.Length > 64 ? value[..64] : value;
        return string.Concat(text.Where(c => !char.IsControl(c)));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, EventName = "OAuthSignedIn", Level = LogLevel.Information, Message = "{Provider} sign-in succeeded for user {UserId} of app {AppIdentifier}.")]
        public static partial void SignedIn(ILogger logger, string provider, string userId, string appIdentifier);

        [LoggerMessage(EventId = 3002, EventName = "OAuthSignInFailed", Level = LogLevel.Warning, Message = "{Provider} sign-in failed with {ErrorCode}: {Detail}.")]
        public static partial void SignInFailed(ILogger logger, string provider, string errorCode, string detail);
    }
}
