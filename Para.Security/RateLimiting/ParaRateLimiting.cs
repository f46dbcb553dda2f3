// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;
using Para.Security.Diagnostics;
using Para.Security.Identity;
using Para.Security.Json;
using Para.Security.Pipeline.Results;
using Para.Security.Providers;

namespace Para.Security.RateLimiting;

/// <summary>
/// The rate limiter of the sign-in paths, built on ASP.NET Core's rate-limiting middleware. <c>UseParaSecurity</c> runs
/// it, with options of its own, on every registered provider's paths and every path whose first segment ends in
/// <c>_auth</c> (relative to the context path), before the filter pipeline.
/// </summary>
public static partial class ParaRateLimiting
{
    /// <summary>
    /// The policy name for endpoints that want the sign-in limits. Paths ending in <c>_auth</c> (and below them, such as
    /// <c>/amazon_auth/start</c>) are limited by path already; there the policy counts nothing more. Elsewhere it applies
    /// the per-IP limit through the application's own <c>app.UseRateLimiter()</c>.
    /// </summary>
    public const string AuthPolicy = "para-auth";

    /// <summary>The <c>para.policy</c> tag of a refusal by the sign-in paths' limits (per IP and per app) in <c>para.ratelimit.refusals</c>.</summary>
    public const string SignInPathsPolicy = "signin_paths";

    /// <summary>The message of the 429 answer.</summary>
    public const string TooManyRequestsMessage = "Too many requests.";

    private const int MaxAppKeyLength = 100;
    private const string AuthSuffix = "_auth";

    /// <summary>Tells whether a path (relative to the context path) is a sign-in path: its first segment ends in <c>_auth</c>.</summary>
    /// <param name="path">The request path.</param>
    /// <returns><see langword="true"/> for <c>/amazon_auth</c>, <c>/amazon_auth/start</c>, <c>/jwt_auth</c> and the like.</returns>
    public static bool IsAuthPath(PathString path)
    {
        var value = path.Value.AsSpan();
        if (value.Length < 2 || value[0] != '/')
        {
            return false;
        }

        var segment = value[1..];
        var slash = segment.IndexOf('/');
        if (slash >= 0)
        {
            segment = segment[..slash];
        }

        return segment.Length > AuthSuffix.Length && segment.EndsWith(AuthSuffix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Tells whether a path (relative to the context path) is rate-limited: a registered provider's path or below one
    /// (whatever it is called), or any path whose first segment ends in <c>_auth</c> (see <see cref="IsAuthPath"/>).
    /// </summary>
    /// <param name="path">The request path.</param>
    /// <param name="providers">The host's providers.</param>
    /// <returns><see langword="true"/> when the sign-in limits apply.</returns>
    public static bool IsSignInPath(PathString path, AuthProviderRegistry providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        return IsAuthPath(path) || providers.IsProviderPath(path.Value);
    }

    /// <summary>
    /// The partition key of a client: its IP address (after trusted-proxy processing), IPv4-mapped addresses as IPv4,
    /// IPv6 addresses by their /64 network (one host usually holds a whole /64).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The key.</returns>
    public static string ClientKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            return new IPAddress(bytes).ToString() + "/64";
        }

        return address.ToString();
    }

    /// <summary>The app a sign-in request names in its query (<c>appid</c>, else <c>state</c> before <c>|</c>), or <see langword="null"/>.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The app identifier, cut to 100 characters, or <see langword="null"/>.</returns>
    public static string? AppKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var value = query["appid"].ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            value = query["state"].ToString();
            var bar = value.IndexOf('|', StringComparison.Ordinal);
            value = bar >= 0 ? value[..bar] : value;
        }

        return AppKeyOf(value);
    }

    /// <summary>The limiter key of an app as a client names it: its identifier (no <c>app:</c>), cut to 100 characters.</summary>
    /// <param name="value">The app id or identifier.</param>
    /// <returns>The key, or <see langword="null"/> when blank.</returns>
    public static string? AppKeyOf(string? value)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var identifier = ParaAppId.Identifier(value);
        return identifier.Length > MaxAppKeyLength ? identifier[..MaxAppKeyLength] : identifier;
    }

    /// <summary>Builds the middleware options: the per-IP and per-app limits chained, and Para's 429 answer.</summary>
    /// <param name="options">The limits.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="apps">The shared per-app limit.</param>
    /// <param name="refusals">Which refusals get a log line (the first of each client and window).</param>
    /// <param name="telemetry">Counts every refusal in <c>para.ratelimit.refusals</c>.</param>
    /// <returns>Options for <c>app.UseRateLimiter(options)</c>.</returns>
    public static RateLimiterOptions CreateMiddlewareOptions(
        ParaRateLimitOptions options, ILoggerFactory loggerFactory, ParaAppRateLimiter apps, RateLimitRefusalLog refusals, ParaSecurityTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(apps);
        ArgumentNullException.ThrowIfNull(refusals);
        Validate(options);
        var logger = loggerFactory.CreateLogger(typeof(ParaRateLimiting).FullName!);
        var perClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter("ip " + ClientKey(context), _ => Window(options.PermitLimit, options.Window)));
        var perApp = apps.ForQueries();
        var middleware = new RateLimiterOptions
        {
            GlobalLimiter = PartitionedRateLimiter.CreateChained(perClient, perApp),
            RejectionStatusCode = StatusCodes.Status429TooManyRequests,
            OnRejected = (rejected, _) =>
            {
                telemetry.RateLimitRefused(SignInPathsPolicy); // every refusal is counted; only the first per client and window is logged
                return new ValueTask(RejectAsync(rejected, options.Window, refusals, logger));
            },
        };

        // The path already counted this request; an endpoint that also names the policy must not count it twice.
        middleware.AddPolicy(AuthPolicy, _ => RateLimitPartition.GetNoLimiter(string.Empty));
        return middleware;
    }

    /// <summary>The per-IP policy for endpoints outside the sign-in paths that opt in with <see cref="AuthPolicy"/>.</summary>
    /// <param name="options">The limits.</param>
    /// <param name="context">The request.</param>
    /// <returns>The partition.</returns>
    internal static RateLimitPartition<string> ClientPartition(ParaRateLimitOptions options, HttpContext context) =>
        RateLimitPartition.GetFixedWindowLimiter("ip " + ClientKey(context), _ => Window(options.PermitLimit, options.Window));

    /// <summary>Checks the limits; a zero or negative one is a configuration mistake.</summary>
    /// <param name="options">The limits.</param>
    /// <exception cref="InvalidOperationException">A limit or the window is not positive.</exception>
    internal static void Validate(ParaRateLimitOptions options)
    {
        if (options.PermitLimit < 1 || options.PerAppPermitLimit < 1 || options.Window <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                "para.security.rate_limit: permit_limit and per_app_permit_limit must be at least 1 and window positive "
                + $"(are {options.PermitLimit}, {options.PerAppPermitLimit}, {options.Window}); set enabled = false to switch limiting off.");
        }
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static Task RejectAsync(OnRejectedContext rejected, TimeSpan window, RateLimitRefusalLog refusals, ILogger logger)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));

        // One line per client and window at most: a client hammering a sign-in path must not be able to fill the disk.
        if (refusals.ShouldLog(ClientKey(http), retryAfter, out var client, out var unlogged))
        {
            Log.Limited(logger, client, http.Request.Path.Value ?? string.Empty, seconds, unlogged);
        }

        var result = new JsonResult(StatusCodes.Status429TooManyRequests, ParaJson.Error(StatusCodes.Status429TooManyRequests, TooManyRequestsMessage));
        result.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        result.Headers["Cache-Control"] = "no-store";
        return result.ExecuteAsync(http);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, EventName = "RateLimited", Level = LogLevel.Warning,
            Message = "Sign-in requests of {Client} refused: rate limit reached at {Path}; retry after {RetryAfterSeconds} s. Its further refusals are not logged until then ({Unlogged} were not since its last line).")]
        public static partial void Limited(ILogger logger, string client, string path, long retryAfterSeconds, long unlogged);
    }
}
