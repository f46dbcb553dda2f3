// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Tests.Fuzzing.Raw;

/// <summary>What the fuzzer knows of the server it attacks: where it is, and the keys and token of its seeded apps.</summary>
/// <param name="Host">The <c>Host</c> header value, <c>127.0.0.1:{port}</c>.</param>
/// <param name="SignInApp">The app users sign in to (<c>app:…</c>), with Amazon settings.</param>
/// <param name="SignInSecret">Its secret: passwordless tokens are signed with it.</param>
/// <param name="SettingsApp">The app whose settings the fuzzer rewrites with signed requests.</param>
/// <param name="SettingsSecret">Its secret.</param>
/// <param name="UserToken">A session token of a user of <paramref name="SignInApp"/>.</param>
internal sealed record RawFuzzTarget(string Host, string SignInApp, string SignInSecret, string SettingsApp, string SettingsSecret, string UserToken);
