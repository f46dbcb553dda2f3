// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Http;

/// <summary>What reading a request body gave: a value, or the failure to answer instead.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value; <see langword="null"/> exactly when <paramref name="Failure"/> is set.</param>
/// <param name="Failure">Why there is no value.</param>
internal readonly record struct RequestBodyResult<T>(T? Value, RequestBodyFailure? Failure)
    where T : class;
