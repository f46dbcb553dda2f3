// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Diagnostics;
using Para.Security.Storage;

namespace Para.Security.Identity;

/// <summary>
/// Para's user rules for an external sign-in (para-spec.md §0.3–§0.4, §3.1 step 8, §7.12): find the user by the login
/// identifier (linking by email), else create it; update a returning user's profile in memory. Writes only a creation;
/// every other change is made in memory and stored when the caller says (<see cref="StoreAsync"/>), in the sign-in's
/// one write.
/// </summary>
internal sealed class ExternalUserProvisioner(ParaUserService userService, IUserStore users, IIdGenerator ids, TimeProvider timeProvider, ParaSecurityTelemetry telemetry)
{
    /// <summary>Finds or creates the user of <paramref name="identity"/> in <paramref name="app"/>.</summary>
    public async Task<ProvisionedUser> ProvisionAsync(ParaApp app, ExternalIdentity identity, CancellationToken cancellationToken)
    {
        var identifier = identity.Identifier;
        var started = timeProvider.GetTimestamp();
        var (user, switched) = await userService.FindForSignInAsync(app.Identifier, identifier, identity.Email, cancellationToken).ConfigureAwait(false);
        telemetry.StoreCalled("user.find", timeProvider.GetElapsedTime(started));
        if (user is not null)
        {
            return new ProvisionedUser(user, Created: false, Changed: Update(user, identity) | switched);
        }

        var password = identity.RandomPassword ? ParaSecrets.NewTokenSecret() : null; // it only has to pass the creation rules
        started = timeProvider.GetTimestamp();
        var creation = await userService.CreateFoundByNobodyAsync(NewUser(app, identity), password, cancellationToken).ConfigureAwait(false);
        telemetry.StoreCalled("user.create", timeProvider.GetElapsedTime(started));
        if (creation is { } done)
        {
            return new ProvisionedUser(done.User, done.Created, Changed: false);
        }

        // Refused (e.g. a blank identifier); a concurrent sign-in may still have created the identifier's owner first.
        var owner = string.IsNullOrWhiteSpace(identifier) ? null : await users.FindByIdentifierAsync(app.Identifier, identifier, cancellationToken).ConfigureAwait(false);
        return owner is null
            ? ProvisionedUser.Failure(ParaSecurityErrors.UserCreationFailed, "the user could not be created")
            : new ProvisionedUser(owner, Created: false, Changed: false);
    }

    /// <summary>Gives the user a new token secret in memory (Para's <c>resetTokenSecret()</c>); stored by <see cref="StoreAsync"/>.</summary>
    public void RenewTokenSecret(ParaUser user) => userService.RenewTokenSecret(user);

    /// <summary>Stores a user's changes: the sign-in's one write.</summary>
    public async ValueTask StoreAsync(ParaUser user, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        await users.UpdateAsync(user, cancellationToken).ConfigureAwait(false);
        telemetry.StoreCalled("user.update", timeProvider.GetElapsedTime(started));
    }

    private ParaUser NewUser(ParaApp app, ExternalIdentity identity) => new()
    {
        Id = string.Empty,
        AppId = app.Identifier,
        Identifier = identity.Identifier,
        Active = true,
        Email = string.IsNullOrWhiteSpace(identity.Email) && identity.EmailFallbackDomain is { } domain ? ids.NewId() + "@" + domain : identity.Email,
        Name = string.IsNullOrWhiteSpace(identity.Name) && identity.NameFallback is { } name ? name : identity.Name,
        Picture = identity.NewUserPicture ?? identity.Picture,
        Groups = string.IsNullOrWhiteSpace(identity.Groups) ? ParaGroups.Users : identity.Groups,
        IdpAccessToken = identity.Tokens is { } tokens ? IdpAccessToken.Encode(tokens.AccessToken) : null,
    };

    // A returning user takes the provider's email and name when given, the picture by the provider's rule, the asserted
    // group, and the new access token (compared by Para's rule).
    private bool Update(ParaUser user, ExternalIdentity identity)
    {
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

        var picture = identity.ReturningUserPicture switch
        {
            ExternalPictureRule.Always => true,
            ExternalPictureRule.WhenGiven => !string.IsNullOrWhiteSpace(identity.Picture),
            _ => false,
        };
        if (picture && !string.Equals(identity.Picture, user.Picture, StringComparison.Ordinal))
        {
            user.Picture = identity.Picture;
            changed = true;
        }

        if (!string.IsNullOrWhiteSpace(identity.Groups) && !string.Equals(identity.Groups, user.Groups, StringComparison.Ordinal))
        {
            user.Groups = identity.Groups;
            changed = true;
        }

        if (identity.Tokens is { } tokens && IdpAccessToken.Encode(tokens.AccessToken) is var idpToken && !IdpAccessToken.IsSame(user.IdpAccessToken, idpToken))
        {
            user.IdpAccessToken = idpToken;
            changed = true;
        }

        if (changed)
        {
            user.Updated = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        }

        return changed;
    }
}
