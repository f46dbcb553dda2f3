// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Para.Security.Pipeline;

/// <summary>
/// The built, immutable, ordered filter chain. Built once at startup from <see cref="AuthPipelineOptions"/>;
/// duplicate names or orders fail the build.
/// </summary>
public sealed class AuthPipeline
{
    private readonly Entry[] _entries;

    /// <summary>Initializes a new instance of the <see cref="AuthPipeline"/> class.</summary>
    /// <param name="options">The registered filters.</param>
    /// <param name="services">The root service provider, used to create singleton filters once.</param>
    /// <exception cref="InvalidOperationException">Two filters share a name or an order.</exception>
    public AuthPipeline(IOptions<AuthPipelineOptions> options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        var descriptors = options.Value.Filters.OrderBy(d => d.Order).ToArray();
        var errors = new List<string>();
        foreach (var group in descriptors.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"the filter name '{group.Key}' is registered {group.Count()} times ({string.Join(", ", group.Select(d => d.FilterType.Name))})");
        }

        foreach (var group in descriptors.GroupBy(d => d.Order).Where(g => g.Count() > 1))
        {
            errors.Add($"filters {string.Join(" and ", group.Select(d => "'" + d.Name + "'"))} share order {group.Key}; give each a distinct order");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The Para.Security filter pipeline is invalid: " + string.Join("; ", errors) + ".");
        }

        _entries = descriptors
            .Select(d => new Entry(d, d.Lifetime == ServiceLifetime.Singleton ? (IAuthFilter)ActivatorUtilities.GetServiceOrCreateInstance(services, d.FilterType) : null))
            .ToArray();
        Filters = descriptors;
    }

    /// <summary>Gets the filters in execution order, for tests and diagnostics.</summary>
    public IReadOnlyList<AuthFilterDescriptor> Filters { get; }

    /// <summary>Describes the chain, one line per filter, in execution order.</summary>
    /// <returns>The description.</returns>
    public IReadOnlyList<string> Describe() => Filters.Select(d => d.ToString()).ToArray();

    /// <summary>Finds the first filter at or after <paramref name="start"/> whose path matcher accepts the path.</summary>
    /// <param name="path">The path relative to the context path.</param>
    /// <param name="start">The index to start at.</param>
    /// <returns>The index, or -1 when no later filter matches.</returns>
    internal int NextMatch(ReadOnlySpan<char> path, int start)
    {
        for (var i = start; i < _entries.Length; i++)
        {
            if (_entries[i].Descriptor.Matcher.IsMatch(path))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Gets the descriptor at an index.</summary>
    /// <param name="index">The index returned by <see cref="NextMatch"/>.</param>
    /// <returns>The descriptor.</returns>
    internal AuthFilterDescriptor DescriptorAt(int index) => _entries[index].Descriptor;

    /// <summary>Gets the filter instance at an index: the singleton, or one resolved from the request's services.</summary>
    /// <param name="index">The index returned by <see cref="NextMatch"/>.</param>
    /// <param name="httpContext">The request.</param>
    /// <returns>The filter.</returns>
    internal IAuthFilter FilterAt(int index, HttpContext httpContext)
    {
        var entry = _entries[index];
        return entry.Singleton ?? (IAuthFilter)ActivatorUtilities.GetServiceOrCreateInstance(httpContext.RequestServices, entry.Descriptor.FilterType);
    }

    private sealed record Entry(AuthFilterDescriptor Descriptor, IAuthFilter? Singleton);
}
