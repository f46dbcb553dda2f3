// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;

namespace Para.Security.Pipeline.Results;

/// <summary>A cookie to set, or to delete, with an <see cref="AuthResult"/>.</summary>
/// <param name="Name">The cookie name.</param>
/// <param name="Value">The value (ignored when deleting).</param>
/// <param name="Options">Path, expiry, HttpOnly, Secure and SameSite.</param>
/// <param name="Delete"><see langword="true"/> to delete the cookie.</param>
public sealed record AuthCookie(string Name, string Value, CookieOptions Options, bool Delete = false);
