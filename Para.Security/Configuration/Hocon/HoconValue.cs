// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;

namespace Para.Security.Configuration.Hocon;

/// <summary>A fully resolved HOCON value: a <see cref="HoconObject"/>, <see cref="HoconArray"/> or <see cref="HoconScalar"/>.</summary>
public abstract class HoconValue
{
    private protected HoconValue()
    {
    }

    /// <summary>The type of this value.</summary>
    public abstract HoconValueType Type { get; }

    /// <summary>
    /// Renders the value as JSON. Object keys keep their order; integral numbers are written as integers,
    /// other numbers as round-trippable doubles; strings are JSON-escaped.
    /// </summary>
    /// <param name="indented">Whether to indent with two spaces per level.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = true)
    {
        var sb = new StringBuilder();
        new JsonWriter(sb, indented).Write(this);
        return sb.ToString();
    }
}
