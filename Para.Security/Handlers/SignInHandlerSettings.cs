// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.AspNetCore.Http;

namespace Para.Security.Handlers;

/// <summary>
/// What Para's success and failure handlers need to know about a sign-in request, given to them explicitly: the app,
/// the host to return to and whether the client is REST/AJAX (para-spec.md §3.1 step 2, §4.1–§4.3). Read from the
/// request by Para's rules (<see cref="FromRequestAsync"/>), then overridden by what a flow established itself, such as
/// a sealed OAuth <c>state</c> (<see cref="ForEstablishedFlow"/>).
/// </summary>
public sealed record SignInHandlerSettings
{
    /// <summary>Gets the app id (or identifier) the answer is for; <see langword="null"/> when the request names none.</summary>
    public string? AppId { get; init; }

    /// <summary>Gets the <c>host_url</c> to rewrite the target's host to; wins over <see cref="HostUrlAliasIndex"/>.</summary>
    public string? HostUrl { get; init; }

    /// <summary>Gets the index N of a <c>state=…|N</c> parameter: the app's host URL alias N replaces the target's host.</summary>
    public int? HostUrlAliasIndex { get; init; }

    /// <summary>Gets a value indicating whether the client is REST or AJAX (status codes instead of browser redirects in the fallbacks).</summary>
    public bool IsRestOrAjax { get; init; }

    /// <summary>
    /// Reads the settings by Para's rules: the app id of an auth request (<see cref="ParaAuthRequest.GetAppIdAsync"/>),
    /// the <c>host_url</c> parameter, else the <c>|N</c> suffix of <c>state</c> (N all digits), and the REST/AJAX test.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The settings.</returns>
    public static async ValueTask<SignInHandlerSettings> FromRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hostUrl = await ParaAuthRequest.GetParameterAsync(request, "host_url", cancellationToken).ConfigureAwait(false);
        return new SignInHandlerSettings
        {
            AppId = await ParaAuthRequest.GetAppIdAsync(request, cancellationToken).ConfigureAwait(false),
            HostUrl = string.IsNullOrWhiteSpace(hostUrl) ? null : hostUrl,
            HostUrlAliasIndex = string.IsNullOrWhiteSpace(hostUrl) ? AliasIndex(await ParaAuthRequest.GetParameterAsync(request, "state", cancellationToken).ConfigureAwait(false)) : null,
            IsRestOrAjax = await ParaAuthRequest.IsRestOrAjaxAsync(request, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Returns these settings for a flow that established its app and host URL itself (a sealed OAuth <c>state</c>): Para's parameters no longer apply.</summary>
    /// <param name="appId">The app id the flow carries.</param>
    /// <param name="hostUrl">The host URL the flow carries, or <see langword="null"/> for no rewrite.</param>
    /// <returns>The settings.</returns>
    public SignInHandlerSettings ForEstablishedFlow(string appId, string? hostUrl) =>
        this with { AppId = appId, HostUrl = string.IsNullOrWhiteSpace(hostUrl) ? null : hostUrl, HostUrlAliasIndex = null };

    // §4.3: "state=…|N" with N all digits; an index too large for an int is simply out of range.
    private static int? AliasIndex(string? state)
    {
        var bar = state?.LastIndexOf('|') ?? -1;
        if (state is null || bar < 0)
        {
            return null;
        }

        var digits = state.AsSpan(bar + 1);
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        return int.TryParse(digits, out var index) ? index : null;
    }
}
