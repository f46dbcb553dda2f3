// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Para.Security.Authentication;
using Para.Security.Diagnostics;
using Para.Security.Identity;
using Para.Security.Pipeline.Results;

namespace Para.Security.Filters.OAuth;

/// <content>
/// The sign-in hand-off: provisioning (para-spec.md §3.1 step 8, §7.1) and Para's success and failure handlers. Kept
/// together, apart from the flow, so that the core's external sign-in unit of work can replace this file whole.
/// </content>
public abstract partial class AbstractOAuthFilter<TOptions>
{
    /// <summary>Signs the mapped identity in (web flow): finds, creates or updates the user, then runs Para's success or failure handler.</summary>
    /// <param name="http">The callback request.</param>
    /// <param name="app">The app.</param>
    /// <param name="identity">The mapped identity; its subject is set.</param>
    /// <param name="tokens">The provider tokens.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The handler's result.</returns>
    protected async Task<AuthResult> CompleteSignInAsync(HttpContext http, ParaApp app, ExternalIdentity identity, OAuthTokens tokens, CancellationToken cancellationToken)
    {
        var outcome = await ProvisionActiveUserAsync(app, identity, tokens, cancellationToken).ConfigureAwait(false);
        if (outcome.Value is not { } user)
        {
            return await FailAsync(http, outcome.ErrorCode!, outcome.Detail!).ConfigureAwait(false);
        }

        Log.SignedIn(Logger, Options.ProviderName, user.Id, user.AppId);
        try
        {
            // A session token resets the token secret and stores the user with the profile changes in one write.
            return await Services.SuccessHandler.HandleAsync(http, user).ConfigureAwait(false);
        }
        finally
        {
            await Services.UserService.SaveChangesAsync(user, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Signs the mapped identity in for <c>POST /jwt_auth</c>: finds, creates or updates the user and stores it.</summary>
    /// <param name="app">The app.</param>
    /// <param name="identity">The mapped identity; its subject is set.</param>
    /// <param name="tokens">The provider tokens.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The active user, or a failure.</returns>
    protected async Task<ProviderSignInResult> CompleteTokenSignInAsync(ParaApp app, ExternalIdentity identity, OAuthTokens tokens, CancellationToken cancellationToken)
    {
        var outcome = await ProvisionActiveUserAsync(app, identity, tokens, cancellationToken).ConfigureAwait(false);
        if (outcome.Value is not { } user)
        {
            return ProviderSignInResult.Failure(outcome.ErrorCode!, outcome.Detail!);
        }

        await Services.UserService.SaveChangesAsync(user, cancellationToken).ConfigureAwait(false);
        return ProviderSignInResult.Success(user);
    }

    /// <summary>Logs a failed sign-in and answers with Para's failure handler.</summary>
    /// <param name="http">The request.</param>
    /// <param name="errorCode">The error code.</param>
    /// <param name="detail">A log-safe detail.</param>
    /// <returns>The failure handler's result.</returns>
    protected async Task<AuthResult> FailAsync(HttpContext http, string errorCode, string detail)
    {
        Log.SignInFailed(Logger, Options.ProviderName, errorCode, detail);
        var message = errorCode == ParaSecurityErrors.UserCreationFailed ? CannotCreateUser : BadCredentials;
        return await Services.FailureHandler.HandleAsync(http, message, errorCode).ConfigureAwait(false);
    }

    private async Task<OAuthStepResult<ParaUser>> ProvisionActiveUserAsync(ParaApp app, ExternalIdentity identity, OAuthTokens tokens, CancellationToken cancellationToken)
    {
        var user = await ProvisionUserAsync(app, identity, tokens, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return OAuthStepResult.Failure<ParaUser>(ParaSecurityErrors.UserCreationFailed, "the user could not be created");
        }

        // Para (§3.1 step 7): an inactive user fails with "Bad credentials.", never with the "locked" message. Para
        // has stored the profile changes by then.
        if (!user.Active)
        {
            await Services.UserService.SaveChangesAsync(user, cancellationToken).ConfigureAwait(false);
            return OAuthStepResult.Failure<ParaUser>(ParaSecurityErrors.UserInactive, $"user {user.Id} is not active");
        }

        return OAuthStepResult.Success(user);
    }

    /// <summary>
    /// Finds, creates or updates the user for an identity (para-spec.md §3.1 step 8, §7.1). Changes to a found user are
    /// marked (<see cref="ParaUserService.MarkChanged"/>), not yet stored: the sign-in stores them together with its
    /// token-secret reset, or on their own (<see cref="ParaUserService.SaveChangesAsync"/>).
    /// </summary>
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
        var idpToken = IdpAccessToken.Encode(tokens.AccessToken);
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

            // A random password, as Para gives social users; it only passes the creation rules. The look-up just above
            // found nobody, so creation does not repeat it (Para's User.create() would).
            return await Services.UserService.CreateUserFoundByNobodyAsync(created, ParaSecrets.NewTokenSecret(), cancellationToken).ConfigureAwait(false)
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

        if (!IdpAccessToken.IsSame(user.IdpAccessToken, idpToken))
        {
            user.IdpAccessToken = idpToken;
            changed = true;
        }

        if (changed)
        {
            // Stored by the caller: together with the sign-in's token-secret reset when it issues a session token,
            // else on its own (ParaUserService.SaveChangesAsync), so a returning user costs one write, not two.
            user.Updated = Services.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            Services.UserService.MarkChanged(user);
        }

        return user;
    }
}
