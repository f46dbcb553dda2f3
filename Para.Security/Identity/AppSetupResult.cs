// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Identity;

/// <summary>The outcome of setting up an app: the status and, only when it was created now, its keys.</summary>
/// <param name="Status">What happened.</param>
/// <param name="AccessKey">The app id (Para's <c>accessKey</c>), or <see langword="null"/> for <see cref="AppSetupStatus.InvalidName"/>.</param>
/// <param name="SecretKey">The app secret (Para's <c>secretKey</c>) when <see cref="AppSetupStatus.Created"/>; otherwise <see langword="null"/>.</param>
public sealed record AppSetupResult(AppSetupStatus Status, string? AccessKey, string? SecretKey)
{
    /// <summary>Gets a value indicating whether the app was created by this call.</summary>
    public bool Created => Status == AppSetupStatus.Created;
}
