// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Testing;

/// <summary>How a <see cref="FakeAmazon"/> starts. Everything can be left at its default for tests.</summary>
public sealed class FakeAmazonOptions
{
    /// <summary>Gets or sets the loopback address to listen on. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the port; <c>0</c> (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Gets or sets the clock for code and token lifetimes, <c>iat</c> and <c>exp</c>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
