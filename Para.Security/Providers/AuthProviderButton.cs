// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.RegularExpressions;

namespace Para.Security.Providers;

/// <summary>
/// A provider's login button: its label and its colours as CSS hex colours (<c>#rgb</c> or <c>#rrggbb</c>). The login
/// page puts the colours into its hashed style sheet, so they are checked to be colours and nothing else.
/// </summary>
/// <param name="Label">The button text, e.g. <c>Login with Amazon</c>.</param>
/// <param name="Background">The background colour.</param>
/// <param name="Border">The border colour.</param>
/// <param name="Text">The text colour.</param>
/// <param name="HoverBackground">The background colour under the pointer or keyboard focus.</param>
public sealed partial record AuthProviderButton(string Label, string Background, string Border, string Text, string HoverBackground)
{
    /// <summary>Returns a neutral white button with a grey border.</summary>
    /// <param name="label">The button text.</param>
    /// <returns>The button.</returns>
    public static AuthProviderButton Neutral(string label) => new(label, "#ffffff", "#d1d5db", "#111827", "#f9fafb");

    /// <summary>Checks that the label is there and every colour is a CSS hex colour.</summary>
    /// <param name="provider">The provider name, for the message.</param>
    /// <exception cref="ArgumentException">A value is missing or not a hex colour.</exception>
    public void Validate(string provider)
    {
        if (string.IsNullOrWhiteSpace(Label))
        {
            throw new ArgumentException($"Provider '{provider}': the login button needs a label.");
        }

        foreach (var colour in new[] { Background, Border, Text, HoverBackground })
        {
            if (colour is null || !HexColour().IsMatch(colour))
            {
                throw new ArgumentException($"Provider '{provider}': button colour '{colour}' is not a CSS hex colour such as #ffd814.");
            }
        }
    }

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", RegexOptions.CultureInvariant)]
    private static partial Regex HexColour();
}
