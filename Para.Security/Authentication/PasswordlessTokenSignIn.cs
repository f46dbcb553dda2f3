// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Para.Security.Diagnostics;
using Para.Security.Identity;
using Para.Security.Storage;
using Para.Security.Tokens;

namespace Para.Security.Authentication;

/// <summary>
/// The built-in <c>passwordless</c> provider of <c>POST /jwt_auth</c> (para-spec.md §7.12): a JWT from an external SSO
/// signed with the app's <c>app_secret_key</c> setting (default: the app secret), or a Para ID token from a
/// <c>jwt=id</c> redirect (signed with app secret + the user's token secret). Its claims <c>identifier</c>,
/// <c>email</c>, <c>name</c>, <c>groups</c> and <c>picture</c> become the identity that the sign-in unit of work
/// (<see cref="ExternalSignIn"/>) finds, creates or updates the user with, by Para's passwordless rules: no name or
/// email fallback, no random password, and the picture follows the token even when it has none.
/// </summary>
/// <remarks>
/// Unlike Para, each token is accepted <b>once</b>, even with <c>security.one_session_per_user</c> off: the SHA-256 of
/// an accepted token is kept in <see cref="IUsedTokenStore"/> until its <c>exp</c>. The signature is checked before
/// anything is written, so a forged token cannot trigger Para's email linking.
/// </remarks>
public sealed class PasswordlessTokenSignIn : IProviderTokenSignIn
{
    /// <summary>The provider name.</summary>
    public const string Name = "passwordless";

    private readonly ParaSettingsResolver _settings;
    private readonly ParaJwtValidator _validator;
    private readonly IUserStore _users;
    private readonly IUsedTokenStore _usedTokens;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="PasswordlessTokenSignIn"/> class.</summary>
    /// <param name="settings">The per-app settings (<c>app_secret_key</c>).</param>
    /// <param name="validator">The JWT validator.</param>
    /// <param name="users">The user store (side-effect-free look-ups before the token is verified).</param>
    /// <param name="usedTokens">The replay guard.</param>
    /// <param name="timeProvider">The clock.</param>
    public PasswordlessTokenSignIn(
        ParaSettingsResolver settings,
        ParaJwtValidator validator,
        IUserStore users,
        IUsedTokenStore usedTokens,
        TimeProvider timeProvider)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _users = users ?? throw new ArgumentNullException(nameof(users));
        _usedTokens = usedTokens ?? throw new ArgumentNullException(nameof(usedTokens));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <inheritdoc />
    public string Provider => Name;

    /// <inheritdoc />
    public async Task<ProviderSignInResult> ReadIdentityAsync(ParaApp app, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(token);
        if (!_validator.TryRead(token, out var jwt))
        {
            return ProviderSignInResult.Failure(ParaSecurityErrors.ProviderTokenInvalid, "the token is not a JWT");
        }

        var identifier = Claim(jwt, ParaJwtClaimNames.Identifier);
        var email = Claim(jwt, ParaJwtClaimNames.Email);
        if (!await VerifyAsync(app, token, identifier, email, cancellationToken).ConfigureAwait(false))
        {
            return ProviderSignInResult.Failure(ParaSecurityErrors.ProviderTokenInvalid, "the token does not verify with the app's keys, or has expired");
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var expires = jwt.TryGetPayloadValue<long>(ParaJwtClaimNames.Expires, out var exp) ? exp * 1000 : now;
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (!await _usedTokens.TryUseAsync(digest, Math.Max(expires, now + 1), now, cancellationToken).ConfigureAwait(false))
        {
            return ProviderSignInResult.Failure(ParaSecurityErrors.TokenReplayed, "the token was exchanged before");
        }

        return ProviderSignInResult.Success(new ExternalIdentity
        {
            Provider = Name,
            Identifier = identifier ?? string.Empty,
            Email = email,
            Name = Claim(jwt, ParaJwtClaimNames.Name),
            Picture = Claim(jwt, ParaJwtClaimNames.Picture),
            Groups = Claim(jwt, "groups"),
            ReturningUserPicture = ExternalPictureRule.Always, // §7.12 step 6: even to no picture
            NameFallback = null,
            RandomPassword = false,
        });
    }

    // Valid with app_secret_key (default: the app secret), or with app secret + the token secret of the user the claims
    // name (the Para ID token case). The user is found without Para's linking side effects, which come after verification.
    private async Task<bool> VerifyAsync(ParaApp app, string token, string? identifier, string? email, CancellationToken cancellationToken)
    {
        var secret = _settings.GetSettingForApp(app, "app_secret_key", app.Secret);
        if (await _validator.ValidateAsync(token, secret).ConfigureAwait(false))
        {
            return true;
        }

        ParaUser? candidate = null;
        if (!string.IsNullOrWhiteSpace(identifier))
        {
            candidate = await _users.FindByIdentifierAsync(app.Identifier, identifier, cancellationToken).ConfigureAwait(false);
        }

        if (candidate is null && !string.IsNullOrWhiteSpace(email))
        {
            var matches = await _users.FindByEmailAsync(app.Identifier, email, 1, cancellationToken).ConfigureAwait(false);
            candidate = matches.Count > 0 ? matches[0] : null;
        }

        return await _validator.ValidateAsync(token, app.Secret + (candidate?.TokenSecret ?? string.Empty)).ConfigureAwait(false);
    }

    private static string? Claim(JsonWebToken jwt, string name) => jwt.TryGetPayloadValue<string>(name, out var value) ? value : null;
}
