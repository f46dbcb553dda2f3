// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Pipeline;

/// <summary>The filters registered through <c>ParaSecurityBuilder</c>, from which the pipeline is built once at startup.</summary>
public sealed class AuthPipelineOptions
{
    /// <summary>Gets the registered filter descriptors, in registration order.</summary>
    public IList<AuthFilterDescriptor> Filters { get; } = [];
}
