// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.Json.Nodes;
using Para.Security.Identity;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Identity;

public sealed class ParaSettingsResolverTests
{
    private static ParaApp App(string id, string? settingsJson = null) => new()
    {
        Id = id,
        Secret = ParaTestHost.AppSecret,
        Settings = settingsJson is null ? [] : JsonNode.Parse(settingsJson)!.AsObject(),
    };

    // §2.2 getSettingForApp, one row per rule.
    [TestCase(null, null, "config", "dflt", "dflt", TestName = "GetSettingForApp_NullApp_GivesDefault")]
    [TestCase("app:myapp", """{"k":"own"}""", "config", "dflt", "own", TestName = "GetSettingForApp_ChildWithSetting_GivesSetting")]
    [TestCase("app:myapp", """{"k":""}""", "config", "dflt", "", TestName = "GetSettingForApp_ChildWithBlankSetting_GivesBlank")]
    [TestCase("app:myapp", null, "config", "dflt", "dflt", TestName = "GetSettingForApp_ChildWithoutSetting_IgnoresConfig")]
    [TestCase("app:para", """{"k":"own"}""", "config", "dflt", "own", TestName = "GetSettingForApp_RootWithSetting_SettingBeatsConfig")]
    [TestCase("app:para", null, "config", "dflt", "config", TestName = "GetSettingForApp_RootWithoutSetting_GivesConfig")]
    [TestCase("app:para", null, null, "dflt", "dflt", TestName = "GetSettingForApp_RootWithoutSettingOrConfig_GivesDefault")]
    [TestCase("app:myapp", """{"k":3600}""", null, "dflt", "3600", TestName = "GetSettingForApp_NumberSetting_GivesDigits")]
    [TestCase("app:myapp", """{"k":true}""", null, "dflt", "true", TestName = "GetSettingForApp_BooleanSetting_GivesTrue")]
    [TestCase("app:myapp", """{"k":false}""", null, "dflt", "false", TestName = "GetSettingForApp_FalseSetting_GivesFalse")]
    [TestCase("app:myapp", """{"k":{"a":1}}""", null, "dflt", """{"a":1}""", TestName = "GetSettingForApp_ObjectSetting_GivesJson")]
    [TestCase("app:myapp", """{"k":["x","y"]}""", null, "dflt", """["x","y"]""", TestName = "GetSettingForApp_ArraySetting_GivesJson")]
    [TestCase("app:myapp", """{"k":null}""", null, "dflt", "null", TestName = "GetSettingForApp_NullSetting_GivesNullText")]
    public void GetSettingForApp_Row(string? appId, string? settings, string? configValue, string defaultValue, string expected)
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:k", configValue));
        var resolver = host.Get<ParaSettingsResolver>();
        var app = appId is null ? null : App(appId, settings);

        // Act
        var value = resolver.GetSettingForApp(app, "k", defaultValue);

        // Assert
        Assert.That(value, Is.EqualTo(expected));
    }

    [Test]
    public void GetSettingForApp_DottedKeyOnRoot_ReadsNestedConfig()
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:security:one_session_per_user", "false"));

        // Act
        var value = host.Get<ParaSettingsResolver>().GetSettingForApp(App("app:para"), "security.one_session_per_user", "true");

        // Assert
        Assert.That(value, Is.EqualTo("false"));
    }

    // §2.2 getOAuthKeysForApp, one row per rule.
    [TestCase(null, null, "", "", TestName = "GetOAuthKeysForApp_NullApp_GivesEmpty")]
    [TestCase("app:myapp", """{"az_app_id":"cid","az_secret":"cs"}""", "cid", "cs", TestName = "GetOAuthKeysForApp_ChildWithBoth_GivesSettings")]
    [TestCase("app:myapp", """{"az_app_id":"cid"}""", "", "", TestName = "GetOAuthKeysForApp_ChildWithOnlyId_GivesEmpty")]
    [TestCase("app:myapp", """{"az_secret":"cs"}""", "", "", TestName = "GetOAuthKeysForApp_ChildWithOnlySecret_GivesEmpty")]
    [TestCase("app:myapp", null, "", "", TestName = "GetOAuthKeysForApp_ChildWithNone_IgnoresConfig")]
    [TestCase("app:para", """{"az_app_id":"cid","az_secret":"cs"}""", "cid", "cs", TestName = "GetOAuthKeysForApp_RootWithBoth_SettingsBeatConfig")]
    [TestCase("app:para", """{"az_app_id":"cid"}""", "conf-id", "conf-secret", TestName = "GetOAuthKeysForApp_RootWithOne_ConfigForBoth")]
    [TestCase("app:para", null, "conf-id", "conf-secret", TestName = "GetOAuthKeysForApp_RootWithNone_GivesConfig")]
    public void GetOAuthKeysForApp_Row(string? appId, string? settings, string expectedId, string expectedSecret)
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:az_app_id", "conf-id"), ("para:az_secret", "conf-secret"));
        var app = appId is null ? null : App(appId, settings);

        // Act
        var keys = host.Get<ParaSettingsResolver>().GetOAuthKeysForApp(app, "az:");

        // Assert
        Assert.That(keys, Is.EqualTo(new ParaOAuthKeys(expectedId, expectedSecret)));
    }

    [Test]
    public void GetOAuthKeysForApp_RootWithoutConfig_GivesEmptyStrings()
    {
        // Arrange
        using var host = ParaTestHost.Create();

        // Act
        var keys = host.Get<ParaSettingsResolver>().GetOAuthKeysForApp(App("app:para"), "az");

        // Assert
        Assert.That(keys, Is.EqualTo(ParaOAuthKeys.Empty));
    }

    // §0.1 App.getTokenValiditySec.
    [TestCase("""{"session_timeout":3600}""", null, null, 3600L, TestName = "GetTokenValiditySec_NumberSetting_UsesIt")]
    [TestCase("""{"session_timeout":-7200}""", null, null, 7200L, TestName = "GetTokenValiditySec_NegativeNumber_UsesAbsoluteValue")]
    [TestCase("""{"session_timeout":"3600"}""", null, null, 86400L, TestName = "GetTokenValiditySec_StringSetting_Ignored")]
    [TestCase("""{"session_timeout":"3600"}""", 500L, null, 500L, TestName = "GetTokenValiditySec_StringSettingWithField_UsesField")]
    [TestCase(null, 500L, null, 500L, TestName = "GetTokenValiditySec_AppField_UsesIt")]
    [TestCase("""{"session_timeout":900}""", 500L, null, 900L, TestName = "GetTokenValiditySec_NumberSettingAndField_SettingWins")]
    [TestCase("""{"session_timeout":0}""", 500L, "1000", 1000L, TestName = "GetTokenValiditySec_ZeroSetting_UsesConfig")]
    [TestCase(null, 0L, "1000", 1000L, TestName = "GetTokenValiditySec_ZeroField_UsesConfig")]
    [TestCase(null, null, "1000", 1000L, TestName = "GetTokenValiditySec_Nothing_UsesJwtExpiresAfter")]
    [TestCase(null, null, null, 86400L, TestName = "GetTokenValiditySec_NothingAtAll_Gives86400")]
    public void GetTokenValiditySec_Row(string? settings, long? field, string? jwtExpiresAfter, long expected)
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:jwt_expires_after", jwtExpiresAfter));
        var app = App("app:myapp", settings);
        app.TokenValiditySec = field;

        // Act
        var validity = host.Get<ParaSettingsResolver>().GetTokenValiditySec(app);

        // Assert
        Assert.That(validity, Is.EqualTo(expected));
    }

    [Test]
    public void GetTokenValiditySec_IntOrDoubleBackedNumbers_UsesThem()
    {
        // Arrange: settings built in code rather than parsed hold int/double-backed values.
        using var host = ParaTestHost.Create();
        var resolver = host.Get<ParaSettingsResolver>();
        var intApp = App("app:myapp");
        intApp.Settings["session_timeout"] = 600;
        var doubleApp = App("app:myapp");
        doubleApp.Settings["session_timeout"] = -900.7;

        // Act / Assert
        Assert.Multiple(() =>
        {
            Assert.That(resolver.GetTokenValiditySec(intApp), Is.EqualTo(600));
            Assert.That(resolver.GetTokenValiditySec(doubleApp), Is.EqualTo(900));
        });
    }

    [Test]
    public void GetTokenValiditySec_NullApp_UsesConfig()
    {
        // Arrange
        using var host = ParaTestHost.Create(("para:jwt_expires_after", "120"));

        // Act / Assert
        Assert.That(host.Get<ParaSettingsResolver>().GetTokenValiditySec(null), Is.EqualTo(120));
    }
}
