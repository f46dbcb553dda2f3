// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Http;

/// <summary>The kinds of <see cref="RequestBodyFailure"/>.</summary>
internal enum RequestBodyFailureKind
{
    /// <summary>Longer than <c>para.max_entity_size_bytes</c>.</summary>
    TooLarge,

    /// <summary>Kestrel could not read it (broken chunked framing, cut short, too slow).</summary>
    Unreadable,

    /// <summary>Read, but not well-formed JSON in UTF-8, UTF-16 or UTF-32.</summary>
    MalformedJson,
}
