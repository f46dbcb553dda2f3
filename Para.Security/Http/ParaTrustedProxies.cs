// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Para.Security.Configuration;

namespace Para.Security.Http;

/// <summary>
/// <c>para.security.trusted_proxies</c>: the proxies whose <c>X-Forwarded-For</c> gives the client address (for rate
/// limiting and logs). Entries are IP addresses or CIDR networks, as a HOCON list or one comma-separated string. Empty
/// (the default) trusts nobody: the connection's address is the client's. Only <c>X-Forwarded-For</c> is processed;
/// scheme and host are not taken from forwarding headers here.
/// </summary>
public static class ParaTrustedProxies
{
    /// <summary>The configuration key, relative to <c>para</c>.</summary>
    public const string Key = "security.trusted_proxies";

    /// <summary>Reads and parses the trusted proxies.</summary>
    /// <param name="config">The Para configuration.</param>
    /// <returns>Forwarded-headers options for <c>UseForwardedHeaders</c>, or <see langword="null"/> when no proxy is trusted.</returns>
    /// <exception cref="InvalidOperationException">An entry is neither an IP address nor a CIDR network.</exception>
    public static ForwardedHeadersOptions? CreateOptions(ParaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var entries = config.GetList("security.trusted_proxies")
            .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (entries.Count == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor,
            // Walk back through every trusted hop; the first untrusted address is the client.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in entries)
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"para.{Key}: '{entry}' is neither an IP address nor a CIDR network (e.g. 10.0.0.0/8).");
            }
        }

        return options;
    }
}
