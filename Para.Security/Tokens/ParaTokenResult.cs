// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Tokens;

/// <summary>An issued session or super token, shaped like the <c>jwt</c> member of Para's sign-in reply (para-spec.md §5.7).</summary>
/// <param name="AccessToken">The compact JWS.</param>
/// <param name="Expires">Expiry in epoch milliseconds: exactly now_ms + validity × 1000 (the <c>exp</c> claim is this divided by 1000).</param>
/// <param name="Refresh">The refresh hint in epoch milliseconds (§5.3), also the token's <c>refresh</c> claim.</param>
public sealed record ParaTokenResult(string AccessToken, long Expires, long Refresh);
