// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Para.Security.Handlers;
using Para.Security.Identity;
using Para.Security.Storage;

namespace Para.Security.Tokens;

/// <summary>
/// Finds a Para token on a request (para-spec.md §5.5): the <c>Authorization</c> header, or only when that header is
/// absent the <c>Authorization</c> query or form parameter; the value must contain <c>Bearer</c> (case-sensitive) and the
/// token is the text from index 6, trimmed. The unverified <c>appid</c> claim selects the app and <c>sub</c> the user.
/// </summary>
public sealed class ParaJwtExtractor
{
    private const string AuthorizationName = "Authorization";

    private readonly IAppStore _apps;
    private readonly IUserStore _users;
    private readonly ParaJwtValidator _validator;

    /// <summary>Initializes a new instance of the <see cref="ParaJwtExtractor"/> class.</summary>
    /// <param name="apps">The app store.</param>
    /// <param name="users">The user store.</param>
    /// <param name="validator">The host's validator, whose cache of parsed tokens the extractor shares.</param>
    public ParaJwtExtractor(IAppStore apps, IUserStore users, ParaJwtValidator validator)
    {
        _apps = apps ?? throw new ArgumentNullException(nameof(apps));
        _users = users ?? throw new ArgumentNullException(nameof(users));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
    }

    /// <summary>Extracts the token of a request; bad input gives <see cref="ParaBearerToken.None"/>, never an exception.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The token with its app and user, or <see cref="ParaBearerToken.None"/>.</returns>
    public async Task<ParaBearerToken> ExtractAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Headers.TryGetValue(AuthorizationName, out var header)
            ? header.ToString()
            : await ParaAuthRequest.GetParameterAsync(request, AuthorizationName, cancellationToken).ConfigureAwait(false);
        if (value is null || !value.Contains("Bearer", StringComparison.Ordinal))
        {
            return ParaBearerToken.None;
        }

        // Para takes everything from index 6 on: it assumes the value starts with "Bearer".
        return await ResolveAsync(value[6..].Trim(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Finds the app and user a compact token names (its unverified <c>appid</c> and <c>sub</c> claims), wherever the token
    /// came from (a header, a cookie). The token is not validated here: pass the result to <see cref="ParaJwtValidator"/>.
    /// </summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The token with its app and user, or <see cref="ParaBearerToken.None"/>.</returns>
    public async Task<ParaBearerToken> ResolveAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!_validator.TryRead(token, out var jwt)
            || !jwt.TryGetPayloadValue<string>(ParaJwtClaimNames.AppId, out var appIdClaim)
            || ParaAppId.Normalize(appIdClaim) is not { } appId)
        {
            return ParaBearerToken.None;
        }

        var app = await _apps.FindAsync(appId, cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            return ParaBearerToken.None;
        }

        if (jwt.TryGetPayloadValue<string>(ParaJwtClaimNames.Subject, out var sub) && !string.IsNullOrEmpty(sub)
            && await _users.FindByIdAsync(app.Identifier, sub, cancellationToken).ConfigureAwait(false) is { } user)
        {
            return ParaBearerToken.ForUser(token, jwt, app, user);
        }

        return ParaBearerToken.ForApp(token, jwt, app);
    }
}
