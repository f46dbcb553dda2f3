// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Filters.OAuth;

namespace Para.Security.Tests.Filters.OAuth;

/// <summary>The options of <see cref="TestOidcFilter"/>.</summary>
internal sealed class TestOidcOptions : OAuthFilterOptions
{
    public TestOidcOptions()
    {
        ProviderName = "testoidc";
        CallbackPath = "/testoidc_auth";
        CredentialsPrefix = "to";
        IdentifierPrefix = "to:";
        EmailFallbackDomain = "op.example";
        Scope = "openid profile";
        ProfileMapping.Subject("sub").Name("name").Picture("/picture/data/0/url");
    }

    public string BaseUrl { get; set; } = string.Empty;
}
