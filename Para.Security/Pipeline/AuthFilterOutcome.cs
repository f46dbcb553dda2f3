// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Pipeline;

/// <summary>The kind of an <see cref="AuthFilterResult"/>.</summary>
public enum AuthFilterOutcome
{
    /// <summary>Not this filter's business: run the next filter (and, after the last one, the rest of the app).</summary>
    Continue,

    /// <summary>The filter looked at the request and chose not to act; the chain stops and the app handles the request.</summary>
    Skipped,

    /// <summary>The filter handled the request; the middleware writes <see cref="AuthFilterResult.Result"/>.</summary>
    Handled,

    /// <summary>The filter rejected the request; the middleware writes <see cref="AuthFilterResult.Error"/>.</summary>
    Rejected,
}
