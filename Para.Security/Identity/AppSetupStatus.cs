// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Identity;

/// <summary>What <see cref="ParaAppService"/> did when asked to set up an app.</summary>
public enum AppSetupStatus
{
    /// <summary>The app was created now; the result carries its secret, to be shown once.</summary>
    Created,

    /// <summary>The app already existed; nothing changed (Para answers <c>{"message":"All set!"}</c>).</summary>
    AlreadyExists,

    /// <summary>The name normalises to nothing (<see cref="ParaAppId.Normalize"/> gave <see langword="null"/>); nothing was created.</summary>
    InvalidName,
}
