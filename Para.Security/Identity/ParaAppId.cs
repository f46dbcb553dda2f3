// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text;

namespace Para.Security.Identity;

/// <summary>
/// Para's app id rules: <c>App.id(x)</c> normalisation and <c>App.identifier(id)</c> (para-spec.md §0.1).
/// </summary>
public static class ParaAppId
{
    /// <summary>The app id prefix: the type name <c>app</c> plus Para's default separator.</summary>
    public const string Prefix = "app:";

    /// <summary>
    /// Normalises an app name or id the way Para's <c>App.id(x)</c> does: <c>My_App</c> gives <c>app:my-app</c>,
    /// <c>para</c> and <c>app:para</c> give <c>app:para</c>.
    /// </summary>
    /// <param name="value">An app name, identifier or id.</param>
    /// <returns>The normalised id, or <see langword="null"/> when nothing usable remains.</returns>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Ids that are normalised already (every request names its app, mostly as such an id) come back as they are.
        var prefixed = value.StartsWith(Prefix, StringComparison.Ordinal);
        if (IsNormalIdentifier(prefixed ? value.AsSpan(Prefix.Length) : value))
        {
            return prefixed ? value : Prefix + value;
        }

        var text = prefixed ? value.Replace(Prefix, string.Empty, StringComparison.Ordinal) : value;
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c > 0x7F)
            {
                continue; // non-ASCII characters are dropped
            }

            var category = char.GetUnicodeCategory(c);
            builder.Append(IsSymbolPunctuationOrControl(category) ? ' ' : c);
        }

        var words = builder.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return null;
        }

        return Prefix + string.Join('-', words).ToLowerInvariant();
    }

    /// <summary>Returns the identifier of an app id: the id with its first <c>app:</c> removed.</summary>
    /// <param name="appId">An app id such as <c>app:myapp</c>.</param>
    /// <returns>The identifier, such as <c>myapp</c>.</returns>
    public static string Identifier(string appId)
    {
        ArgumentNullException.ThrowIfNull(appId);
        var index = appId.IndexOf(Prefix, StringComparison.Ordinal);
        return index < 0 ? appId : appId.Remove(index, Prefix.Length);
    }

    // Words of lower-case ASCII letters and digits joined by single hyphens: what the rules above turn into itself.
    private static bool IsNormalIdentifier(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text[0] == '-' || text[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '-' ? text[i - 1] == '-' : !char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSymbolPunctuationOrControl(UnicodeCategory category) => category switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol
            or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
            or UnicodeCategory.OtherSymbol => true,
        _ => false,
    };
}
