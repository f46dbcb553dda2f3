// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using System.Text.Json;

namespace Para.Security.Testing;

/// <summary>Writes LWA's small JSON objects with fields in a fixed order (null values are left out).</summary>
internal static class LwaJson
{
    public static string Object(params (string Name, object? Value)[] fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                switch (value)
                {
                    case null:
                        break;
                    case string s:
                        writer.WriteString(name, s);
                        break;
                    case long l:
                        writer.WriteNumber(name, l);
                        break;
                    case int i:
                        writer.WriteNumber(name, i);
                        break;
                    default:
                        throw new ArgumentException($"Unsupported JSON value type {value.GetType()}.", nameof(fields));
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>LWA puts <c>error_description</c> first for invalid_grant, invalid_client and invalid_token.</summary>
    public static string Error(string error, string description) =>
        Object(("error_description", description), ("error", error));

    /// <summary>LWA's invalid_request shape puts <c>error</c> first.</summary>
    public static string ErrorFirst(string error, string description) =>
        Object(("error", error), ("error_description", description));
}
