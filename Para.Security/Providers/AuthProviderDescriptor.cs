// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.RegularExpressions;

namespace Para.Security.Providers;

/// <summary>
/// Everything the server needs to know about one identity provider, registered once (e.g. by <c>AddAmazon()</c>): the
/// login page, diagnostics, the rate-limited paths, the filter order and the <c>reference.conf</c> checks read it from
/// the <see cref="AuthProviderRegistry"/>. The core names no provider; each provider declares its own descriptor.
/// </summary>
public sealed partial record AuthProviderDescriptor
{
    /// <summary>Gets the provider name: filter name, backchannel client suffix, <c>POST /jwt_auth</c> provider, e.g. <c>amazon</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the callback path (relative to <c>para.context_path</c>), e.g. <c>/amazon_auth</c>.</summary>
    public required string CallbackPath { get; init; }

    /// <summary>Gets the path a login button opens to start a sign-in, or <see langword="null"/> when the provider has no button.</summary>
    public string? StartPath { get; init; }

    /// <summary>Gets further paths the provider's filter answers besides the callback and start paths.</summary>
    public IReadOnlyList<string> ExtraPaths { get; init; } = [];

    /// <summary>Gets the name people know the provider by, e.g. <c>Amazon</c>.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Gets the login button's label and colours; <see langword="null"/> gives a neutral "Sign in with …" button.</summary>
    public AuthProviderButton? Button { get; init; }

    /// <summary>
    /// Gets the prefix of the client credential keys (<c>az</c> for <c>para.az_app_id</c> / <c>para.az_secret</c> and
    /// the app settings of the same names), or <see langword="null"/> for a provider without client credentials.
    /// </summary>
    public string? CredentialsPrefix { get; init; }

    /// <summary>Gets the prefix of the user identifiers the provider creates, e.g. <c>az:</c>.</summary>
    public required string IdentifierPrefix { get; init; }

    /// <summary>Gets the configuration section of the provider's own settings, e.g. <c>para:security:amazon</c>.</summary>
    public string? OptionsSection { get; init; }

    /// <summary>
    /// Gets the filter order, or <see langword="null"/> to run after Para's own providers in registration order
    /// (<see cref="Pipeline.AuthFilterOrder.OtherProviders"/>). Para's providers take their place in Para's chain
    /// (para-spec.md §1.1), e.g. Amazon, Para's 14th filter, <c>14_000</c>.
    /// </summary>
    public int? Order { get; init; }

    /// <summary>Gets what the provider adds to <c>GET /v1/_diagnostics/{name}</c> (its settings, its endpoints to probe), if anything.</summary>
    public Action<AuthProviderDiagnosticsContext>? Diagnostics { get; init; }

    /// <summary>Gets the button to show: <see cref="Button"/>, or a neutral one labelled with <see cref="DisplayName"/>.</summary>
    public AuthProviderButton EffectiveButton => Button ?? AuthProviderButton.Neutral("Sign in with " + DisplayName);

    /// <summary>Gets every path the provider's filter answers: the callback path, the start path and <see cref="ExtraPaths"/>.</summary>
    public IReadOnlyList<string> Paths => [CallbackPath, .. StartPath is null ? [] : new[] { StartPath }, .. ExtraPaths];

    /// <summary>Checks the descriptor; a mistake in one is a programming error and fails registration.</summary>
    /// <exception cref="ArgumentException">A value is missing or malformed.</exception>
    public void Validate()
    {
        if (Name is null || !NamePattern().IsMatch(Name))
        {
            throw new ArgumentException($"Provider name '{Name}' must be lower-case letters, digits, '_' or '-' (it names paths, keys and CSS classes).");
        }

        foreach (var path in Paths)
        {
            if (string.IsNullOrEmpty(path) || path[0] != '/')
            {
                throw new ArgumentException($"Provider '{Name}': path '{path}' must start with '/'.");
            }
        }

        if (string.IsNullOrWhiteSpace(DisplayName) || string.IsNullOrWhiteSpace(IdentifierPrefix))
        {
            throw new ArgumentException($"Provider '{Name}' needs a display name and an identifier prefix.");
        }

        if (CredentialsPrefix is not null && !NamePattern().IsMatch(CredentialsPrefix))
        {
            throw new ArgumentException($"Provider '{Name}': credentials prefix '{CredentialsPrefix}' must be lower-case letters, digits, '_' or '-'.");
        }

        EffectiveButton.Validate(Name);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
