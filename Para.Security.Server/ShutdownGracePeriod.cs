// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Configuration;
using Para.Security.Configuration.Hocon;

namespace Para.Security.Server;

/// <summary>
/// <c>para.shutdown_grace_period</c>: on SIGTERM (or Ctrl+C) the server stops accepting connections at once and gives
/// the requests in flight (a sign-in waiting for the provider, a store write) this long to finish; then it exits.
/// It is the host's <see cref="HostOptions.ShutdownTimeout"/>.
/// </summary>
internal static class ShutdownGracePeriod
{
    /// <summary>The key (relative to <c>para</c>).</summary>
    public const string Key = "shutdown_grace_period";

    /// <summary>The default: ASP.NET Core's own, 30 seconds.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>Reads the period.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The period; the default when the key is absent.</returns>
    /// <exception cref="StartupConfigurationException">The value is not a duration, or is negative.</exception>
    public static TimeSpan Read(ParaConfig config)
    {
        var value = config.Get(Key);
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }

        return HoconDuration.TryParse(value, out var period) && period >= TimeSpan.Zero
            ? period
            : throw new StartupConfigurationException(
                $"para.{Key} = \"{value}\" is not a duration: use e.g. 30s or 2 minutes (set it in conf/application.conf or PARA_SHUTDOWN_GRACE_PERIOD).");
    }
}
