// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.RegularExpressions;
using Para.Security.Pipeline;
using Para.Security.Tokens;

namespace Para.Security.Authentication;

/// <summary>
/// Para's Bearer validation on API paths (<c>JWTRestfulAuthFilter</c>, para-spec.md §1.4): a valid user or super token
/// becomes a <see cref="ParaAuthentication"/> request feature; a missing or invalid one leaves the request anonymous
/// with the challenge Para sends. It always continues: the endpoint or a later filter decides the outcome.
/// </summary>
public sealed partial class JwtBearerAuthFilter : IAuthFilter
{
    /// <summary>The name of the request item holding the <c>WWW-Authenticate</c> challenge for an anonymous request.</summary>
    public const string ChallengeItem = "para.challenge";

    private readonly ParaJwtExtractor _extractor;
    private readonly ParaJwtValidator _validator;

    /// <summary>Initializes a new instance of the <see cref="JwtBearerAuthFilter"/> class.</summary>
    /// <param name="extractor">Finds the token and its app and user.</param>
    /// <param name="validator">Validates it.</param>
    public JwtBearerAuthFilter(ParaJwtExtractor extractor, ParaJwtValidator validator)
    {
        _extractor = extractor ?? throw new ArgumentNullException(nameof(extractor));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
    }

    /// <summary>Gets the matcher of Para's strict REST paths, <c>^/v\d[.\d]*/</c> (case-insensitive, includes <c>/v1/_me</c>).</summary>
    public static AuthPathMatcher Matcher { get; } = AuthPathMatcher.Pattern(StrictRestPath());

    /// <inheritdoc />
    public async ValueTask<AuthFilterResult> InvokeAsync(AuthFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var token = await _extractor.ExtractAsync(http.Request, context.RequestAborted).ConfigureAwait(false);
        var valid = token.Kind switch
        {
            ParaBearerTokenKind.User => _validator.IsValidUserToken(token.Token!, token.Jwt!, token.App!, token.User!),
            ParaBearerTokenKind.Super => _validator.IsValidSuperToken(token.Token!, token.Jwt!, token.App!),
            _ => false,
        };
        if (valid)
        {
            http.Features.Set(new ParaAuthentication { App = token.App!, User = token.User });
        }
        else
        {
            http.Items[ChallengeItem] = token.Kind == ParaBearerTokenKind.None ? "Bearer" : "Bearer error=\"invalid_token\"";
        }

        return AuthFilterResult.Continue;
    }

    [GeneratedRegex(@"^/v\d[.\d]*/", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StrictRestPath();
}
