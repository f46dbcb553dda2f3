// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Server;

/// <summary>The console the server prints one-time information to (never a log: logs must not carry secrets).</summary>
/// <param name="Writer">The writer.</param>
internal sealed record StartupOutput(TextWriter Writer);
