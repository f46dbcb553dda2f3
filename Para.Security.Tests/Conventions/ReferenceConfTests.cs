// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Para.Security.Configuration;
using Para.Security.Http;
using Para.Security.Providers;
using Para.Security.RateLimiting;
using Para.Security.Server;
using Para.Security.Tests.Infrastructure;
using Para.Security.Tests.Server;

namespace Para.Security.Tests.Conventions;

/// <summary>conf/reference.conf lists every key the product reads, with the default the code uses (style guide rule 13).</summary>
public sealed partial class ReferenceConfTests
{
    private static readonly IConfiguration Reference = new ConfigurationBuilder().AddHoconString(ParaConfigurationBuilderExtensions.ReadReference(), "reference.conf").Build();

    /// <summary>Gets the providers the server registers: their options sections and credential keys must be in reference.conf too.</summary>
    internal static IReadOnlyList<RegisteredAuthProvider> ServerProviders { get; } = ReadServerProviders();

    private static IEnumerable<TestCaseData> OptionsProperties()
    {
        var sections = new (Type, string)[]
        {
            (typeof(BackchannelOptions), BackchannelOptions.Section),
            (typeof(Para.Security.Filters.OAuth.OAuthSecurityOptions), Para.Security.Filters.OAuth.OAuthSecurityOptions.Section),
            (typeof(ParaRateLimitOptions), ParaRateLimitOptions.Section),
            (typeof(Para.Security.Storage.Caching.StoreCacheOptions), Para.Security.Storage.Caching.StoreCacheOptions.Section),
        }.Concat(ServerProviders.Where(p => p.OptionsType is not null && p.Descriptor.OptionsSection is not null)
            .Select(p => (p.OptionsType!, p.Descriptor.OptionsSection!)));
        foreach (var (type, section) in sections)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(p => p.CanWrite))
            {
                var key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
                yield return new TestCaseData(type, property, section + ":" + key).SetName($"{type.Name}.{property.Name} ({section.Replace(':', '.')}.{key})");
            }
        }
    }

    [TestCaseSource(nameof(OptionsProperties))]
    public void OptionsProperty_HasKeyInReferenceConf_WithTheCodeDefault(Type type, PropertyInfo property, string path)
    {
        // Arrange
        var expected = property.GetValue(Activator.CreateInstance(type));

        // Act
        var section = Reference.GetSection(path);
        var bound = new ConfigurationBuilder().AddHoconString(ParaConfigurationBuilderExtensions.ReadReference(), "reference.conf").Build()
            .GetSection(path[..path.LastIndexOf(':')]).Get(type);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(section.Value, Is.Not.Null, $"conf/reference.conf has no key {path.Replace(':', '.')}");
            Assert.That(bound is null ? null : property.GetValue(bound), Is.EqualTo(expected), $"the default of {path.Replace(':', '.')} in conf/reference.conf differs from {type.Name}.{property.Name}");
        });
    }

    [Test]
    public void ServerProviders_EachWithOptions_AreCheckedHere()
    {
        // Arrange, Act
        var checkedTypes = OptionsProperties().Select(c => (Type)c.Arguments[0]!).ToHashSet();

        // Assert: the server registers providers, and every one with options has its properties checked above.
        Assert.Multiple(() =>
        {
            Assert.That(ServerProviders, Is.Not.Empty);
            Assert.That(ServerProviders.Where(p => p.OptionsType is not null).Select(p => p.OptionsType), Is.SubsetOf(checkedTypes));
        });
    }

    private static IEnumerable<TestCaseData> ProviderCredentialKeys() =>
        ServerProviders.Where(p => p.Descriptor.CredentialsPrefix is not null)
            .SelectMany(p => new[] { p.Descriptor.CredentialsPrefix + "_app_id", p.Descriptor.CredentialsPrefix + "_secret" })
            .Select(key => new TestCaseData(key).SetName("para." + key));

    [TestCaseSource(nameof(ProviderCredentialKeys))]
    public void ProviderCredentialKey_IsListedInReferenceConf(string key)
    {
        // Arrange, Act
        var value = Reference[ParaConfig.ToPath(key)];

        // Assert
        Assert.That(value, Is.Not.Null, $"a registered provider reads para.{key} but conf/reference.conf does not list it");
    }

    private static IEnumerable<TestCaseData> KeysReadInCode()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepoPaths.RepoRoot, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains(".Tests", StringComparison.Ordinal) && !f.Contains(".Benchmarks", StringComparison.Ordinal)))
        {
            foreach (Match match in ConfigRead().Matches(File.ReadAllText(file)))
            {
                keys.Add(match.Groups["key"].Value);
            }
        }

        return keys.Select(k => new TestCaseData(k).SetName("para." + k));
    }

    [TestCaseSource(nameof(KeysReadInCode))]
    public void KeyReadThroughParaConfig_IsListedInReferenceConf(string key)
    {
        // Arrange, Act
        var value = Reference[ParaConfig.ToPath(key)];

        // Assert
        Assert.That(value, Is.Not.Null, $"the code reads para.{key} but conf/reference.conf does not list it");
    }

    [Test]
    public void ConfigurationDoc_MentionsEveryReferenceKey()
    {
        // Arrange
        var doc = File.ReadAllText(RepoPaths.InRepo("docs", "configuration.md"));
        var keys = Reference.AsEnumerable().Where(kv => kv.Value is not null).Select(kv => kv.Key.Replace(':', '.')).Order(StringComparer.Ordinal).ToList();

        // Act
        var missing = keys.Where(k => !doc.Contains("`" + k + "`", StringComparison.Ordinal)).ToList();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(keys, Has.Count.GreaterThan(20));
            Assert.That(missing, Is.Empty, "docs/configuration.md lacks these keys of conf/reference.conf");
        });
    }

    [Test]
    public void CaseSources_FindAtLeastTheKnownNumberOfKeys()
    {
        // Arrange, Act: 25 keys read through ParaConfig and 23 options properties today; the floors leave room for a
        // few to go, not for a changed way of reading configuration that the scan no longer recognises.
        var keysReadInCode = KeysReadInCode().Count();
        var optionsProperties = OptionsProperties().Count();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(keysReadInCode, Is.GreaterThanOrEqualTo(20), "keys found by the ConfigRead scan of the product sources");
            Assert.That(optionsProperties, Is.GreaterThanOrEqualTo(18), "settable properties of the options classes");
        });
    }

    private static RegisteredAuthProvider[] ReadServerProviders()
    {
        // The real server composition, built but never started: the registry is filled while services are registered.
        var directory = Directory.CreateTempSubdirectory("para-reference-conf-");
        try
        {
            using var app = ParaServerApp.Create(ServerAppHost.Sources(directory, null), TextWriter.Null);
            return [.. app.Services.GetRequiredService<AuthProviderRegistry>().Providers];
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // ParaConfig reads: config.Get("key"), GetBoolean("key", …), GetInt64("key", …), GetList("key").
    [GeneratedRegex(@"(?:\bconfig|_config|Config|para)\s*\.\s*(?:Get|GetBoolean|GetInt64|GetList)\(\s*""(?<key>[a-z0-9_.]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigRead();
}
