// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.DependencyInjection;

namespace Para.Security.Pipeline;

/// <summary>
/// Describes one filter of the pipeline: its unique name, type, DI lifetime, order and the paths it answers.
/// </summary>
public sealed class AuthFilterDescriptor
{
    /// <summary>Initializes a new instance of the <see cref="AuthFilterDescriptor"/> class.</summary>
    /// <param name="name">A unique name, e.g. <c>amazon</c>.</param>
    /// <param name="filterType">The <see cref="IAuthFilter"/> implementation.</param>
    /// <param name="order">The position; lower runs first. Use <see cref="AuthFilterOrder"/> (gaps of 1,000).</param>
    /// <param name="matcher">The paths the filter answers.</param>
    /// <param name="lifetime">How the filter is resolved from DI.</param>
    public AuthFilterDescriptor(string name, Type filterType, int order, AuthPathMatcher matcher, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(filterType);
        if (!typeof(IAuthFilter).IsAssignableFrom(filterType) || filterType.IsAbstract)
        {
            throw new ArgumentException($"Filter '{name}': {filterType} is not a concrete {nameof(IAuthFilter)}.", nameof(filterType));
        }

        Name = name;
        FilterType = filterType;
        Order = order;
        Matcher = matcher ?? throw new ArgumentNullException(nameof(matcher));
        Lifetime = lifetime;
    }

    /// <summary>Gets the unique filter name.</summary>
    public string Name { get; }

    /// <summary>Gets the filter type.</summary>
    public Type FilterType { get; }

    /// <summary>Gets the order; lower runs first.</summary>
    public int Order { get; }

    /// <summary>Gets the path matcher.</summary>
    public AuthPathMatcher Matcher { get; }

    /// <summary>Gets the DI lifetime.</summary>
    public ServiceLifetime Lifetime { get; }

    /// <summary>Gets an optional predicate evaluated per request after the path matched; a false result skips the filter.</summary>
    public Func<Microsoft.AspNetCore.Http.HttpContext, bool>? IsActive { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Order,6} {Name} ({FilterType.Name}) {Matcher}";
}
