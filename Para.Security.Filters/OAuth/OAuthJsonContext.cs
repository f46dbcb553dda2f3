// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Serialization;

namespace Para.Security.Filters.OAuth;

/// <summary>Source-generated JSON metadata for the OAuth filters' own payloads.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OAuthFlowState))]
internal sealed partial class OAuthJsonContext : JsonSerializerContext;
