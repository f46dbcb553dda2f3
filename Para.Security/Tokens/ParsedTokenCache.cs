// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Para.Security.Tokens;

/// <summary>
/// The last few thousand bearer tokens as parsed, by their exact text: a client sends the same token with every
/// request until it is refreshed, and parsing (Base64url and JSON of header and payload) was the largest part of
/// authenticating one. Only the parse is kept: the signature and lifetime are checked on every request, against the
/// app and user as stored now. Parsing is deterministic, so a hit is exactly what parsing again would give. It holds the
/// tokens of one host's clients, so it is an instance that host's <see cref="ParaJwtValidator"/> owns, not process-wide:
/// another host's flood of tokens cannot empty it.
/// </summary>
internal sealed class ParsedTokenCache
{
    /// <summary>About how many tokens are kept; the cache is emptied when it is full (a flood of new tokens only costs their parse).</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, JsonWebToken> _tokens = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Looks up a token parsed before.</summary>
    /// <param name="token">The compact token.</param>
    /// <param name="jwt">The parsed token.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGet(string token, [NotNullWhen(true)] out JsonWebToken? jwt) => _tokens.TryGetValue(token, out jwt);

    /// <summary>Keeps a token that parsed.</summary>
    /// <param name="token">The compact token.</param>
    /// <param name="jwt">The token as parsed from <paramref name="token"/>.</param>
    public void Add(string token, JsonWebToken jwt)
    {
        if (Volatile.Read(ref _count) >= Capacity)
        {
            _tokens.Clear();
            Volatile.Write(ref _count, 0);
        }

        if (_tokens.TryAdd(token, jwt))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
