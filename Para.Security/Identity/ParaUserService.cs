// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Logging;
using Para.Security.Configuration;
using Para.Security.Storage;

namespace Para.Security.Identity;

/// <summary>
/// Para's user rules: the identifier lookup with its email fallback (<c>User.readUserForIdentifier</c>, para-spec.md §0.3),
/// creation (<c>User.create()</c>, §0.4) and the token-secret reset.
/// </summary>
/// <remarks>
/// The email fallback links a new login identifier to any existing user of the app with the same email, as Para does.
/// Set <c>para.security.link_accounts_by_email = false</c> to switch it off: a login whose identifier is unknown then
/// finds nobody, and the provider creates a separate account (creation does not link either).
/// </remarks>
public sealed partial class ParaUserService
{
    /// <summary>The shortest password Para accepts at creation when <c>para.min_password_length</c> is not set.</summary>
    public const int DefaultMinPasswordLength = 8;

    private readonly IUserStore _users;
    private readonly IIdGenerator _ids;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ParaUserService> _logger;
    private readonly bool _linkAccountsByEmail;
    private readonly long _minPasswordLength;
    private readonly string _adminIdentifier;

    /// <summary>Initializes a new instance of the <see cref="ParaUserService"/> class.</summary>
    /// <param name="users">The user store.</param>
    /// <param name="config">The Para configuration.</param>
    /// <param name="ids">The id generator for new users.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public ParaUserService(IUserStore users, ParaConfig config, IIdGenerator ids, TimeProvider timeProvider, ILogger<ParaUserService> logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        _users = users ?? throw new ArgumentNullException(nameof(users));
        _ids = ids ?? throw new ArgumentNullException(nameof(ids));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _linkAccountsByEmail = config.GetBoolean("security.link_accounts_by_email", true);
        _minPasswordLength = config.GetInt64("min_password_length", DefaultMinPasswordLength);
        _adminIdentifier = config.Get("admin_ident", string.Empty);
    }

    /// <summary>
    /// Finds the user that owns a login identifier (para-spec.md §0.3). When nobody owns it and an email is given, the
    /// first user of the app with that email gets the identifier attached (unless <c>para.security.link_accounts_by_email</c>
    /// is off). A found user whose main identifier differs is switched to the requested one and saved.
    /// </summary>
    /// <param name="appIdentifier">The app identifier (<c>myapp</c>; an <c>app:</c> prefix is removed).</param>
    /// <param name="identifier">The login identifier, e.g. <c>az:amzn1.account.X</c>.</param>
    /// <param name="email">The email the provider reported, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The user, or <see langword="null"/> when nobody matches.</returns>
    public async Task<ParaUser?> ReadUserForIdentifierAsync(string appIdentifier, string? identifier, string? email, CancellationToken cancellationToken = default)
    {
        var (user, switched) = await FindForSignInAsync(appIdentifier, identifier, email, cancellationToken).ConfigureAwait(false);
        if (switched)
        {
            await _users.UpdateAsync(user!, cancellationToken).ConfigureAwait(false);
        }

        return user;
    }

    /// <summary>
    /// Does <see cref="ReadUserForIdentifierAsync"/> without storing the switch of the main identifier: the caller (a
    /// sign-in) stores it with the rest of its changes in one write.
    /// </summary>
    /// <returns>The user, or <see langword="null"/>; and whether its main identifier was switched in memory and must be stored.</returns>
    internal async Task<(ParaUser? User, bool IdentifierSwitched)> FindForSignInAsync(string appIdentifier, string? identifier, string? email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appIdentifier);
        if (string.IsNullOrWhiteSpace(identifier))
        {
            return (null, false);
        }

        var appId = ParaAppId.Identifier(appIdentifier);
        var user = await _users.FindByIdentifierAsync(appId, identifier, cancellationToken).ConfigureAwait(false);
        if (user is null && _linkAccountsByEmail && !string.IsNullOrWhiteSpace(email))
        {
            user = await LinkByEmailAsync(appId, identifier, email, cancellationToken).ConfigureAwait(false);
        }

        if (user is null || string.Equals(user.Identifier, identifier, StringComparison.Ordinal))
        {
            return (user, false);
        }

        // Para makes the identifier used last the main one, so later tokens carry that provider's idp claim.
        user.Identifier = identifier;
        user.Updated = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        Log.MainIdentifierSwitched(_logger, user.Id, appId);
        return (user, true);
    }

    /// <summary>
    /// Creates a user (para-spec.md §0.4). Fails when the identifier is blank, the password is non-blank but shorter than
    /// <c>para.min_password_length</c>, or <see cref="ReadUserForIdentifierAsync"/> already finds someone. Otherwise fills
    /// in the id, <c>admins</c> for <c>para.admin_ident</c>, the <c>users</c> group, a Gravatar picture, a token secret and
    /// the timestamp, and stores the user with its identifier record. If a concurrent request took the identifier in the
    /// meantime, the existing owner is returned instead.
    /// </summary>
    /// <param name="user">The new user: <see cref="ParaUser.AppId"/>, <see cref="ParaUser.Identifier"/> and the profile fields. Not modified.</param>
    /// <param name="password">The password, for the length check only (the store keeps no password hash).</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The stored user, or <see langword="null"/> when creation is refused.</returns>
    public async Task<ParaUser?> CreateUserAsync(ParaUser user, string? password = null, CancellationToken cancellationToken = default) =>
        (await CreateAsync(user, password, lookUpFirst: true, cancellationToken).ConfigureAwait(false))?.User;

    /// <summary>
    /// Creates a user like <see cref="CreateUserAsync"/>, for a caller that has just called
    /// <see cref="ReadUserForIdentifierAsync"/> with the same identifier and email and found nobody: that look-up (two
    /// store reads) is not repeated. A concurrent creation of the same identifier is still caught, by the store's
    /// atomic create, and its user returned.
    /// </summary>
    /// <param name="user">The new user, as for <see cref="CreateUserAsync"/>. Not modified.</param>
    /// <param name="password">The password, for the length check only.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The stored user, or <see langword="null"/> when creation is refused.</returns>
    public async Task<ParaUser?> CreateUserFoundByNobodyAsync(ParaUser user, string? password = null, CancellationToken cancellationToken = default) =>
        (await CreateFoundByNobodyAsync(user, password, cancellationToken).ConfigureAwait(false))?.User;

    /// <summary>Does <see cref="CreateUserFoundByNobodyAsync"/> and tells whether this call created the user or found a concurrent owner.</summary>
    /// <returns>The store's answer, or <see langword="null"/> when creation is refused.</returns>
    internal Task<UserCreation?> CreateFoundByNobodyAsync(ParaUser user, string? password, CancellationToken cancellationToken) =>
        CreateAsync(user, password, lookUpFirst: false, cancellationToken);

    private async Task<UserCreation?> CreateAsync(ParaUser user, string? password, bool lookUpFirst, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrWhiteSpace(user.Identifier))
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(password) && password.Length < _minPasswordLength)
        {
            Log.PasswordTooShort(_logger, user.AppId);
            return null;
        }

        if (lookUpFirst && await ReadUserForIdentifierAsync(user.AppId, user.Identifier, user.Email, cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        var created = user.Clone();
        created.AppId = ParaAppId.Identifier(user.AppId);
        if (string.IsNullOrWhiteSpace(created.Id))
        {
            created.Id = _ids.NewId();
        }

        if (!string.IsNullOrEmpty(_adminIdentifier) && string.Equals(_adminIdentifier, created.Identifier, StringComparison.Ordinal))
        {
            created.Groups = ParaGroups.Admins;
        }

        if (string.IsNullOrWhiteSpace(created.Groups))
        {
            created.Groups = ParaGroups.Users;
        }

        if (string.IsNullOrWhiteSpace(created.Picture))
        {
            created.Picture = ParaGravatar.ForNewUser(created.Email);
        }

        if (string.IsNullOrWhiteSpace(created.TokenSecret))
        {
            created.TokenSecret = ParaSecrets.NewTokenSecret();
        }

        if (created.Timestamp == 0)
        {
            created.Timestamp = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        }

        var result = await _users.CreateAsync(created, cancellationToken).ConfigureAwait(false);
        if (result.Created)
        {
            Log.UserCreated(_logger, result.User.Id, result.User.AppId);
        }
        else
        {
            Log.IdentifierTakenConcurrently(_logger, result.User.Id, result.User.AppId);
        }

        return result;
    }

    /// <summary>
    /// Gives the user a new token secret and stores the user, which invalidates every token issued to the user so far
    /// (Para's <c>resetTokenSecret()</c> plus overwrite). <paramref name="user"/> is updated in place.
    /// </summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the user is stored.</returns>
    public async Task ResetTokenSecretAsync(ParaUser user, CancellationToken cancellationToken = default)
    {
        RenewTokenSecret(user);
        await _users.UpdateAsync(user, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives the user a new token secret in memory (Para's <c>resetTokenSecret()</c>); the caller stores it.</summary>
    /// <param name="user">The user.</param>
    internal void RenewTokenSecret(ParaUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.TokenSecret = ParaSecrets.NewTokenSecret();
        user.Updated = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
    }

    private async Task<ParaUser?> LinkByEmailAsync(string appId, string identifier, string email, CancellationToken cancellationToken)
    {
        // Two are asked for only to warn about ambiguity; Para links to the first one either way.
        var matches = await _users.FindByEmailAsync(appId, email, 2, cancellationToken).ConfigureAwait(false);
        if (matches.Count == 0)
        {
            return null;
        }

        if (matches.Count > 1)
        {
            Log.SeveralUsersWithEmail(_logger, appId);
        }

        var user = matches[0];
        if (await _users.AddIdentifierAsync(appId, identifier, user.Id, cancellationToken).ConfigureAwait(false))
        {
            Log.IdentifierLinkedByEmail(_logger, user.Id, appId);
            return user;
        }

        // A concurrent request attached (or created) the identifier first: its owner is the answer.
        return await _users.FindByIdentifierAsync(appId, identifier, cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, EventName = "UserCreated", Level = LogLevel.Debug, Message = "Created user {UserId} in app {AppIdentifier}.")]
        public static partial void UserCreated(ILogger logger, string userId, string appIdentifier);

        [LoggerMessage(EventId = 1101, EventName = "IdentifierTakenConcurrently", Level = LogLevel.Debug, Message = "The identifier was taken concurrently; using its owner {UserId} in app {AppIdentifier}.")]
        public static partial void IdentifierTakenConcurrently(ILogger logger, string userId, string appIdentifier);

        [LoggerMessage(EventId = 1102, EventName = "PasswordTooShort", Level = LogLevel.Warning, Message = "Refused to create a user in app {AppIdentifier}: the password is too short.")]
        public static partial void PasswordTooShort(ILogger logger, string appIdentifier);

        [LoggerMessage(EventId = 1103, EventName = "IdentifierLinkedByEmail", Level = LogLevel.Debug, Message = "Linked a new login identifier to user {UserId} in app {AppIdentifier} by email.")]
        public static partial void IdentifierLinkedByEmail(ILogger logger, string userId, string appIdentifier);

        [LoggerMessage(EventId = 1104, EventName = "SeveralUsersWithEmail", Level = LogLevel.Warning, Message = "More than one user of app {AppIdentifier} has the email of a new login; linking to the oldest.")]
        public static partial void SeveralUsersWithEmail(ILogger logger, string appIdentifier);

        [LoggerMessage(EventId = 1105, EventName = "MainIdentifierSwitched", Level = LogLevel.Debug, Message = "Switched the main identifier of user {UserId} in app {AppIdentifier}.")]
        public static partial void MainIdentifierSwitched(ILogger logger, string userId, string appIdentifier);
    }
}
