// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Identity;

/// <summary>Generates new object ids (Para's <c>Utils.getNewId()</c>): numeric strings that grow over time.</summary>
public interface IIdGenerator
{
    /// <summary>Returns a new id, greater than every id this instance returned before.</summary>
    /// <returns>A positive decimal integer as a string.</returns>
    string NewId();
}
