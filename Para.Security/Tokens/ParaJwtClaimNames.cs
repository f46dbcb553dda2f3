// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Tokens;

/// <summary>The claim names of Para's tokens (para-spec.md §5.2, §5.4).</summary>
public static class ParaJwtClaimNames
{
    /// <summary>Issued at, NumericDate seconds.</summary>
    public const string IssuedAt = "iat";

    /// <summary>Expiry, NumericDate seconds; required on every token Para accepts.</summary>
    public const string Expires = "exp";

    /// <summary>Not before, NumericDate seconds.</summary>
    public const string NotBefore = "nbf";

    /// <summary>Refresh hint, epoch milliseconds.</summary>
    public const string Refresh = "refresh";

    /// <summary>The app id, e.g. <c>app:myapp</c>.</summary>
    public const string AppId = "appid";

    /// <summary>The user id (user tokens only).</summary>
    public const string Subject = "sub";

    /// <summary>The identity-provider name (session tokens only).</summary>
    public const string IdentityProvider = "idp";

    /// <summary>The user's name (ID tokens).</summary>
    public const string Name = "name";

    /// <summary>The user's email (ID tokens).</summary>
    public const string Email = "email";

    /// <summary>The user's main identifier (ID tokens).</summary>
    public const string Identifier = "identifier";

    /// <summary>The user's picture (ID tokens).</summary>
    public const string Picture = "picture";
}
