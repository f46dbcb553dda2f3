// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Pipeline;

namespace Para.Security.Providers;

/// <summary>
/// The identity providers of one host, in registration order. Everything that lists providers reads it: the login page,
/// diagnostics, the rate-limited sign-in paths, the filter order, the <c>reference.conf</c> checks. One instance per
/// service collection (<c>AddParaSecurity</c> creates it); providers are added while services are registered
/// (<c>builder.AddProvider(…)</c>) and the registry is read-only once anything has read it.
/// </summary>
public sealed class AuthProviderRegistry
{
    /// <summary>The order step between providers that do not name their order.</summary>
    public const int OrderStep = 10;

    private readonly List<RegisteredAuthProvider> _providers = [];
    private Snapshot? _frozen;

    /// <summary>Gets the registered providers, in registration order.</summary>
    public IReadOnlyList<RegisteredAuthProvider> Providers => Freeze().Providers;

    /// <summary>Adds a provider. A provider without an order runs after Para's own providers, in registration order.</summary>
    /// <param name="descriptor">The provider's descriptor.</param>
    /// <param name="filterType">The filter type.</param>
    /// <param name="optionsType">The options type bound from the descriptor's options section, if any.</param>
    /// <returns>The registration, with its order.</returns>
    /// <exception cref="ArgumentException">The descriptor is malformed.</exception>
    /// <exception cref="InvalidOperationException">The name or a path is taken, or the registry has been read already.</exception>
    public RegisteredAuthProvider Add(AuthProviderDescriptor descriptor, Type filterType, Type? optionsType)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(filterType);
        descriptor.Validate();
        if (_frozen is not null)
        {
            throw new InvalidOperationException($"Provider '{descriptor.Name}' is registered after the provider registry was read; add providers while registering services.");
        }

        if (Find(_providers, descriptor.Name) is not null)
        {
            throw new InvalidOperationException($"Provider '{descriptor.Name}' is registered twice.");
        }

        if (_providers.SelectMany(p => p.Descriptor.Paths).Intersect(descriptor.Paths, StringComparer.Ordinal).FirstOrDefault() is { } taken)
        {
            throw new InvalidOperationException($"Provider '{descriptor.Name}': path {taken} belongs to another provider.");
        }

        var order = descriptor.Order ?? AuthFilterOrder.OtherProviders + (OrderStep * _providers.Count(p => p.Descriptor.Order is null));
        var registered = new RegisteredAuthProvider(descriptor, filterType, optionsType, order);
        _providers.Add(registered);
        return registered;
    }

    /// <summary>Finds a provider by name.</summary>
    /// <param name="name">The provider name, e.g. <c>amazon</c>.</param>
    /// <returns>The provider, or <see langword="null"/>.</returns>
    public RegisteredAuthProvider? Find(string? name) => Find(Providers, name);

    /// <summary>Tells whether a path (relative to the context path) is a provider's path or below one, e.g. <c>/amazon_auth/start</c>.</summary>
    /// <param name="path">The request path.</param>
    /// <returns><see langword="true"/> when some provider's filter answers the path.</returns>
    public bool IsProviderPath(ReadOnlySpan<char> path)
    {
        // Runs for every request (the rate limiter's branch test): the paths are gathered once, when first read.
        foreach (var own in Freeze().Paths)
        {
            if (path.StartsWith(own, StringComparison.Ordinal) && (path.Length == own.Length || path[own.Length] == '/'))
            {
                return true;
            }
        }

        return false;
    }

    private Snapshot Freeze() => _frozen ??= new([.. _providers], [.. _providers.SelectMany(p => p.Descriptor.Paths)]);

    private static RegisteredAuthProvider? Find(IEnumerable<RegisteredAuthProvider> providers, string? name) =>
        providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    private sealed record Snapshot(RegisteredAuthProvider[] Providers, string[] Paths);
}
