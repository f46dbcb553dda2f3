// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Providers;

/// <summary>One provider as registered: its descriptor, its filter and options types and the order its filter runs at.</summary>
/// <param name="Descriptor">The provider's descriptor.</param>
/// <param name="FilterType">The filter type, resolved from dependency injection.</param>
/// <param name="OptionsType">The options type bound from <see cref="AuthProviderDescriptor.OptionsSection"/>, if any.</param>
/// <param name="Order">The filter order.</param>
public sealed record RegisteredAuthProvider(AuthProviderDescriptor Descriptor, Type FilterType, Type? OptionsType, int Order)
{
    /// <summary>Gets the provider name.</summary>
    public string Name => Descriptor.Name;
}
