// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Para.Security.Configuration;
using Para.Security.Identity;
using Para.Security.Storage;

namespace Para.Security.Handlers;

/// <summary>
/// The parts of redirect-target resolution that Para's success and failure handlers share (para-spec.md §4.1–§4.3):
/// app lookup, the per-app URL setting with the root fallback, <c>security.hosturl_aliases</c>, <c>host_url</c> and the
/// <c>state=…|N</c> alias index, the host rewrite, and context-path prefixing.
/// </summary>
internal sealed partial class ParaRedirectTargets
{
    private readonly IAppStore _apps;
    private readonly ParaRootApp _root;
    private readonly ParaConfig _config;
    private readonly ILogger _logger;

    public ParaRedirectTargets(IAppStore apps, ParaRootApp root, ParaConfig config, ILogger logger)
    {
        _apps = apps;
        _root = root;
        _config = config;
        _logger = logger;
        var contextPath = config.Get("context_path", string.Empty).Trim().TrimEnd('/');
        ContextPath = contextPath.Length == 0 || contextPath.StartsWith('/') ? contextPath : "/" + contextPath;
    }

    /// <summary>Gets <c>para.context_path</c>, normalised to empty or <c>/name</c> without a trailing slash.</summary>
    public string ContextPath { get; }

    /// <summary>Gets the path of cookies Para scopes to the application: the context path, or <c>/</c>.</summary>
    public string CookiePath => ContextPath.Length == 0 ? "/" : ContextPath;

    /// <summary>Reads <c>App.id(appId)</c>; <see langword="null"/> for a blank or unknown app.</summary>
    public async ValueTask<ParaApp?> FindAppAsync(string? appId, CancellationToken cancellationToken) =>
        ParaAppId.Normalize(appId) is { } id ? await _apps.FindAsync(id, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>
    /// Resolves the app's redirect target: the app setting <paramref name="settingKey"/> (read directly, no config fallback),
    /// for the root app the configuration value when blank, then the host rewrite when a host URL applies.
    /// </summary>
    /// <returns>The target; blank when the app has none.</returns>
    public string? Resolve(SignInHandlerSettings handlers, ParaApp app, string settingKey, string rootConfigKey, string rootDefault)
    {
        var customUri = ReadAppSetting(app, settingKey);
        var aliases = ParseAliases(ReadAppSetting(app, "security.hosturl_aliases"));
        var hostUrl = GetHostUrl(aliases, handlers);
        if (_root.IsRoot(app) && string.IsNullOrWhiteSpace(customUri))
        {
            customUri = _config.Get(rootConfigKey, rootDefault);
        }

        if (!string.IsNullOrWhiteSpace(hostUrl) && customUri is not null)
        {
            customUri = ParaHostRewrite.Apply(customUri, hostUrl, aliases);
        }

        return customUri;
    }

    /// <summary>Splits <c>security.hosturl_aliases</c> on commas, trims, keeps <c>http(s)://</c> entries in order without duplicates.</summary>
    public static IReadOnlyList<string> ParseAliases(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return [];
        }

        return setting.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(alias => alias.StartsWith("http://", StringComparison.Ordinal) || alias.StartsWith("https://", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Returns the host URL of a sign-in (<c>getHostUrlFromQueryStringOrStateParam</c>, §4.3): the <c>host_url</c> as
    /// given; else alias N (0-based) of a <c>state=…|N</c>, or <see langword="null"/> when out of range; else
    /// <see langword="null"/> (no rewrite).
    /// </summary>
    public static string? GetHostUrl(IReadOnlyList<string> aliases, SignInHandlerSettings handlers) =>
        handlers.HostUrl ?? (handlers.HostUrlAliasIndex is { } index && index < aliases.Count ? aliases[index] : null);

    /// <summary>Prefixes a relative URL with the context path, as Spring's redirect strategy does; absolute URLs (<c>scheme://</c>) pass unchanged.</summary>
    public string WithContextPath(string url) => AbsoluteUrl().IsMatch(url) ? url : ContextPath + url;

    /// <summary>Reads an app setting as Java's <c>String.valueOf</c> would; logs when the value is not a JSON string (Para would fail with a 500).</summary>
    private string? ReadAppSetting(ParaApp app, string key)
    {
        if (!app.Settings.TryGetPropertyValue(key, out var node))
        {
            return null;
        }

        if (node is null || node.GetValueKind() != JsonValueKind.String)
        {
            Log.NonStringSetting(_logger, key, app.Id);
        }

        return node is null ? null : ParaSettingsResolver.StringValueOf(node);
    }

    [GeneratedRegex("^[a-z0-9.+-]+://", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AbsoluteUrl();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, EventName = "NonStringRedirectSetting", Level = LogLevel.Warning, Message = "App setting {SettingKey} of app {AppId} is not a string; using its text.")]
        public static partial void NonStringSetting(ILogger logger, string settingKey, string appId);
    }
}
