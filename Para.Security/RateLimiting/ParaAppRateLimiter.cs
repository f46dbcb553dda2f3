// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Para.Security.RateLimiting;

/// <summary>
/// The per-app sign-in limit, shared by everything that counts against it: the sign-in-path middleware for apps named
/// in the query, and endpoints that learn the app only from the body (<c>POST /jwt_auth</c>). One window per app.
/// </summary>
public sealed class ParaAppRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ParaRateLimitOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ParaAppRateLimiter"/> class.</summary>
    /// <param name="options">The limits (<c>para.security.rate_limit</c>).</param>
    public ParaAppRateLimiter(IOptions<ParaRateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(app => app.Length == 0
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetFixedWindowLimiter("app " + app, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = _options.PerAppPermitLimit,
                Window = _options.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Gets the limiter as the middleware sees it: keyed by the app a request names in its query.</summary>
    /// <returns>A view of this limiter; disposing it leaves this limiter open.</returns>
    public PartitionedRateLimiter<HttpContext> ForQueries() =>
        _limiter.WithTranslatedKey<HttpContext>(context => ParaRateLimiting.AppKey(context) ?? string.Empty, leaveOpen: true);

    /// <summary>Counts one sign-in for an app named somewhere the middleware cannot read (a body, a sealed state).</summary>
    /// <param name="appIdOrName">The app id or identifier, as the client gave it.</param>
    /// <param name="retryAfter">When refused: how long to wait.</param>
    /// <returns><see langword="true"/> when the request may go on (always, when rate limiting is off).</returns>
    public bool TryAcquire(string appIdOrName, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_options.Enabled)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(ParaRateLimiting.AppKeyOf(appIdOrName) ?? string.Empty);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _options.Window;
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
