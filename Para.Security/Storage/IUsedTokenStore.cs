// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Storage;

/// <summary>
/// Remembers single-use tokens (passwordless and ID tokens) until they expire, so that each is accepted once, also
/// across server instances sharing a database. Only a digest of each token is stored, never the token.
/// </summary>
public interface IUsedTokenStore
{
    /// <summary>
    /// Records a token as used, atomically: of any number of concurrent calls with the same digest, exactly one
    /// returns <see langword="true"/>. A digest whose recorded expiry has passed counts as absent and is recorded again.
    /// Implementations purge expired records now and then.
    /// </summary>
    /// <param name="tokenDigest">A digest of the token (hex SHA-256).</param>
    /// <param name="expiresAtMilliseconds">When the token expires (epoch milliseconds); the record is kept until then.</param>
    /// <param name="nowMilliseconds">The current time (epoch milliseconds).</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns><see langword="true"/> when this call recorded the first use; <see langword="false"/> when it was used already.</returns>
    ValueTask<bool> TryUseAsync(string tokenDigest, long expiresAtMilliseconds, long nowMilliseconds, CancellationToken cancellationToken = default);
}
