// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics.CodeAnalysis;

namespace Para.Security.Configuration.Hocon;

/// <summary>The type of a resolved HOCON value.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The HOCON/JSON value type names, as in System.Text.Json.JsonValueKind.")]
public enum HoconValueType
{
    /// <summary>An object with ordered keys (<see cref="HoconObject"/>).</summary>
    Object,

    /// <summary>An array (<see cref="HoconArray"/>).</summary>
    Array,

    /// <summary>A string (quoted, unquoted, or the result of a concatenation).</summary>
    String,

    /// <summary>A number; its original text is kept in <see cref="HoconScalar.Text"/>.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary><c>null</c>.</summary>
    Null,
}
