// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Para.Security.Configuration;
using Para.Security.Identity;

namespace Para.Security.Tokens;

/// <summary>
/// Issues Para's tokens (para-spec.md §5.1–§5.4): session JWTs, super tokens and ID tokens, all HS256 with the header
/// <c>{"alg":"HS256"}</c>. Issuing a session JWT writes to the user store: with the app setting
/// <c>security.one_session_per_user</c> (default <c>"true"</c>) the user's token secret is reset first, which
/// invalidates every earlier token of that user, as Para does. A sign-in uses <see cref="ResetsTokenSecret"/> and
/// <see cref="SignSessionToken"/> to store that reset together with its own changes, in one write.
/// </summary>
public sealed partial class ParaJwtIssuer
{
    /// <summary>The default <c>para.jwt_refresh_interval</c> in seconds.</summary>
    public const long DefaultRefreshIntervalSec = 3600;

    /// <summary>The default <c>para.id_token_expires_after</c> in seconds.</summary>
    public const long DefaultIdTokenValiditySec = 60;

    private readonly ParaSettingsResolver _settings;
    private readonly ParaUserService _users;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ParaJwtIssuer> _logger;
    private readonly long _refreshIntervalSec;
    private readonly long _idTokenValiditySec;

    /// <summary>Initializes a new instance of the <see cref="ParaJwtIssuer"/> class.</summary>
    /// <param name="settings">The per-app settings.</param>
    /// <param name="users">The user rules, for the token-secret reset.</param>
    /// <param name="config">The Para configuration; reads <c>para.jwt_refresh_interval</c> and <c>para.id_token_expires_after</c>.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public ParaJwtIssuer(ParaSettingsResolver settings, ParaUserService users, ParaConfig config, TimeProvider timeProvider, ILogger<ParaJwtIssuer> logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _users = users ?? throw new ArgumentNullException(nameof(users));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _refreshIntervalSec = config.GetInt64("jwt_refresh_interval", DefaultRefreshIntervalSec);
        _idTokenValiditySec = config.GetInt64("id_token_expires_after", DefaultIdTokenValiditySec);
    }

    /// <summary>
    /// Issues a session JWT for a user (<c>generateJWToken(user, app)</c>): claims <c>iat</c>, <c>exp</c>, <c>nbf</c>,
    /// <c>refresh</c>, <c>appid</c>, <c>sub</c>, <c>idp</c>; key = app secret + user token secret. Resets and stores the
    /// user's token secret first when <c>security.one_session_per_user</c> is <c>"true"</c>; <paramref name="user"/> is
    /// updated in place, so it holds the secret the token is signed with.
    /// </summary>
    /// <param name="app">The app the user belongs to.</param>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The token, or <see langword="null"/> when the key is too short to sign.</returns>
    public async Task<ParaTokenResult?> IssueSessionTokenAsync(ParaApp app, ParaUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(user);
        if (ResetsTokenSecret(app, user))
        {
            // The single place where issuing writes to the store on its own (style guide rule 20); a sign-in merges
            // this write with its profile changes instead (ExternalSignIn).
            await _users.ResetTokenSecretAsync(user, cancellationToken).ConfigureAwait(false);
        }

        return SignSessionToken(app, user);
    }

    /// <summary>
    /// Tells whether issuing a session JWT for <paramref name="user"/> resets the token secret first: with
    /// <c>security.one_session_per_user</c> <c>"true"</c> (the default), or when the user has no secret yet (a token
    /// signed with an unstored secret could never be verified).
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="user">The user.</param>
    /// <returns><see langword="true"/> when the secret is reset.</returns>
    public bool ResetsTokenSecret(ParaApp app, ParaUser user)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(user);
        var onePerUser = _settings.GetSettingForApp(app, "security.one_session_per_user", "true");
        return string.Equals(onePerUser, "true", StringComparison.Ordinal) || string.IsNullOrEmpty(user.TokenSecret);
    }

    /// <summary>
    /// Signs a session JWT with the user's current token secret, writing nothing: for a caller that has reset and stored
    /// the secret itself when <see cref="ResetsTokenSecret"/> says so.
    /// </summary>
    /// <param name="app">The app the user belongs to.</param>
    /// <param name="user">The user, with the token secret the token is signed with.</param>
    /// <returns>The token, or <see langword="null"/> when the key is too short to sign.</returns>
    public ParaTokenResult? SignSessionToken(ParaApp app, ParaUser user)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(user);
        return Issue(app, user, ParaJws.UserKey(app, user));
    }

    /// <summary>Issues a super (app) token: no <c>sub</c> or <c>idp</c>, signed with the app secret alone; resets nothing.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The token, or <see langword="null"/> when the app secret is shorter than 32 bytes.</returns>
    public ParaTokenResult? IssueSuperToken(ParaApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Issue(app, null, ParaJws.AppKey(app));
    }

    /// <summary>
    /// Issues an ID token (<c>generateIdToken</c>, §5.4): <c>exp</c> = now + <c>para.id_token_expires_after</c> (60 s, no
    /// per-app override), plus <c>name</c>, <c>email</c>, <c>identifier</c>, <c>picture</c> and <c>sub</c>. Signed like a
    /// session token but does <b>not</b> reset the token secret.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="user">The user.</param>
    /// <returns>The compact JWS, or <see langword="null"/> when the key is too short to sign.</returns>
    public string? IssueIdToken(ParaApp app, ParaUser user)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(user);
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var picture = user.PictureOrDefault.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? user.PictureOrDefault
            : ParaGravatar.ForIdToken(user.Email);
        var token = ParaJws.SignHs256(ParaJws.UserKey(app, user), writer =>
        {
            writer.WriteNumber(ParaJwtClaimNames.IssuedAt, now);
            writer.WriteNumber(ParaJwtClaimNames.Expires, now + _idTokenValiditySec);
            writer.WriteNumber(ParaJwtClaimNames.NotBefore, now);
            writer.WriteString(ParaJwtClaimNames.AppId, app.Id);
            WriteIfNotNull(writer, ParaJwtClaimNames.Name, user.Name);
            WriteIfNotNull(writer, ParaJwtClaimNames.Email, user.Email);
            WriteIfNotNull(writer, ParaJwtClaimNames.Identifier, user.Identifier);
            writer.WriteString(ParaJwtClaimNames.Picture, picture);
            writer.WriteString(ParaJwtClaimNames.Subject, user.Id);
        });
        if (token is null)
        {
            Log.KeyTooShort(_logger, app.Id);
        }

        return token;
    }

    /// <summary>Returns the <c>refresh</c> hint (§5.3): now + min(<c>para.jwt_refresh_interval</c>, validity / 2) seconds, in milliseconds.</summary>
    /// <param name="validitySec">The token validity in seconds.</param>
    /// <param name="nowMilliseconds">Now, in epoch milliseconds.</param>
    /// <returns>The refresh time in epoch milliseconds.</returns>
    public long GetNextRefresh(long validitySec, long nowMilliseconds)
    {
        var interval = validitySec < 2 * _refreshIntervalSec ? validitySec / 2 : _refreshIntervalSec;
        return nowMilliseconds + (interval * 1000);
    }

    private ParaTokenResult? Issue(ParaApp app, ParaUser? user, byte[] key)
    {
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var validity = _settings.GetTokenValiditySec(app);
        var expires = nowMs + (validity * 1000);
        var refresh = GetNextRefresh(validity, nowMs);
        var nowSec = Math.DivRem(nowMs, 1000).Quotient;
        var token = ParaJws.SignHs256(key, writer =>
        {
            writer.WriteNumber(ParaJwtClaimNames.IssuedAt, nowSec);
            writer.WriteNumber(ParaJwtClaimNames.Expires, expires / 1000);
            writer.WriteNumber(ParaJwtClaimNames.NotBefore, nowSec);
            writer.WriteNumber(ParaJwtClaimNames.Refresh, refresh);
            writer.WriteString(ParaJwtClaimNames.AppId, app.Id);
            if (user is not null)
            {
                writer.WriteString(ParaJwtClaimNames.Subject, user.Id);
                writer.WriteString(ParaJwtClaimNames.IdentityProvider, user.IdentityProvider);
            }
        });
        if (token is null)
        {
            Log.KeyTooShort(_logger, app.Id);
            return null;
        }

        return new ParaTokenResult(token, expires, refresh);
    }

    private static void WriteIfNotNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, EventName = "SigningKeyTooShort", Level = LogLevel.Error, Message = "Cannot sign a token for app {AppId}: the key is shorter than 256 bits.")]
        public static partial void KeyTooShort(ILogger logger, string appId);
    }
}
