// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// A HOCON document could not be parsed or resolved. The message starts with the location,
/// formatted as <c>origin:line:column: reason</c>, for example
/// <c>application.conf:12:7: expected '}' or a key, found ']'</c>.
/// </summary>
public class HoconException : Exception
{
    /// <summary>Creates an exception without location information.</summary>
    public HoconException()
        : this("HOCON error")
    {
    }

    /// <summary>Creates an exception with a message and no location.</summary>
    /// <param name="message">What went wrong.</param>
    public HoconException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Creates an exception with a message, an inner exception and no location.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure.</param>
    public HoconException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Creates an exception that names the place where the problem is.</summary>
    /// <param name="reason">What went wrong, without the location.</param>
    /// <param name="originName">The origin (file name, or the name given to a parsed string).</param>
    /// <param name="line">1-based line, or 0 when unknown.</param>
    /// <param name="column">1-based column, or 0 when unknown.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public HoconException(string reason, string? originName, int line, int column, Exception? innerException = null)
        : base(Format(reason, originName, line, column), innerException)
    {
        Reason = reason;
        OriginName = originName;
        Line = line;
        Column = column;
    }

    /// <summary>The origin name (file or string name) where the problem is, if known.</summary>
    public string? OriginName { get; }

    /// <summary>The 1-based line of the problem, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the problem, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }

    private static string Format(string reason, string? originName, int line, int column)
    {
        if (originName is null)
        {
            return reason;
        }

        if (line <= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{originName}: {reason}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{originName}:{line}:{column}: {reason}");
    }
}
