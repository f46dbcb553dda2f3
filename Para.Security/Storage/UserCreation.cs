// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Identity;

namespace Para.Security.Storage;

/// <summary>The outcome of <see cref="IUserStore.CreateAsync"/>.</summary>
/// <param name="User">The stored user: the new one, or the existing owner of the identifier.</param>
/// <param name="Created"><see langword="true"/> when this call created the user.</param>
public readonly record struct UserCreation(ParaUser User, bool Created);
