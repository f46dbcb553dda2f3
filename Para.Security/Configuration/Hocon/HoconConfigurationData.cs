// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>Builds the key/value data of a configuration provider from a resolved object.</summary>
internal static class HoconConfigurationData
{
    public static Dictionary<string, string?> From(HoconObject root)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root.Flatten())
        {
            data[key] = value;
        }

        return data;
    }
}
