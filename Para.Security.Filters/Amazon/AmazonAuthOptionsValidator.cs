// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Options;

namespace Para.Security.Filters.Amazon;

/// <summary>Validates <see cref="AmazonAuthOptions"/> at startup, naming the HOCON key and the fix for each problem.</summary>
internal sealed class AmazonAuthOptionsValidator : IValidateOptions<AmazonAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AmazonAuthOptions options)
    {
        var errors = new List<string>();
        if (!AmazonAuthDefaults.Regions.ContainsKey(options.Region ?? string.Empty))
        {
            errors.Add($"para.security.amazon.region = \"{options.Region}\" is not a Login with Amazon region: use \"na\", \"eu\" or \"fe\" (set it in conf/application.conf or PARA_SECURITY_AMAZON_REGION).");
        }

        CheckUrl(errors, "authorize_url", options.AuthorizeUrl);
        CheckUrl(errors, "token_url", options.TokenUrl);
        CheckUrl(errors, "profile_url", options.ProfileUrl);
        CheckUrl(errors, "tokeninfo_url", options.TokenInfoUrl);
        if (string.IsNullOrWhiteSpace(options.Scope))
        {
            errors.Add("para.security.amazon.scope is empty: use \"profile\" (or \"profile:user_id\", \"profile postal_code\").");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUrl(List<string> errors, string key, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"para.security.amazon.{key} = \"{value}\" is not an absolute http(s) URL: give the full endpoint, e.g. https://api.amazon.com/auth/o2/token, or remove it to use the region's endpoint.");
        }
    }
}
