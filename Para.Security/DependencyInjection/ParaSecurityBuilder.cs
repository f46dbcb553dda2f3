// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Para.Security.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <c>AddParaSecurity</c>; providers add their filters to the pipeline through it
/// (for example <c>builder.AddAmazon()</c>).
/// </summary>
public sealed class ParaSecurityBuilder
{
    /// <summary>Initializes a new instance of the <see cref="ParaSecurityBuilder"/> class.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration.</param>
    public ParaSecurityBuilder(IServiceCollection services, IConfiguration configuration)
    {
        Services = services ?? throw new ArgumentNullException(nameof(services));
        Configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
    }

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the application configuration.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>Adds a filter to the pipeline.</summary>
    /// <typeparam name="TFilter">The filter type.</typeparam>
    /// <param name="name">A unique name, such as <c>amazon</c>.</param>
    /// <param name="order">The position (see <see cref="AuthFilterOrder"/>); must be unique.</param>
    /// <param name="matcher">The paths the filter answers.</param>
    /// <param name="lifetime">How the filter is resolved; singletons are created once when the pipeline is built.</param>
    /// <returns>This builder.</returns>
    public ParaSecurityBuilder AddFilter<TFilter>(string name, int order, AuthPathMatcher matcher, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TFilter : class, IAuthFilter
        => AddFilter(new AuthFilterDescriptor(name, typeof(TFilter), order, matcher, lifetime));

    /// <summary>Adds a filter described by a descriptor.</summary>
    /// <param name="descriptor">The descriptor.</param>
    /// <returns>This builder.</returns>
    public ParaSecurityBuilder AddFilter(AuthFilterDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Services.Configure<AuthPipelineOptions>(options => options.Filters.Add(descriptor));
        return this;
    }
}
