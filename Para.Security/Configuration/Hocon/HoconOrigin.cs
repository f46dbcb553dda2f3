// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>Where a token or value came from: the origin name (usually a file) and a 1-based line and column.</summary>
internal readonly record struct HoconOrigin(string Name, int Line, int Column)
{
    public HoconException Error(string reason) => new(reason, Name, Line, Column);

    public override string ToString() => $"{Name}:{Line}:{Column}";
}
