// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Identity;

/// <summary>Para's user groups (para-spec.md §0.2).</summary>
public static class ParaGroups
{
    /// <summary>The default group.</summary>
    public const string Users = "users";

    /// <summary>Moderators.</summary>
    public const string Mods = "mods";

    /// <summary>Administrators: pass every API permission check.</summary>
    public const string Admins = "admins";
}
