// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Configuration;
using Para.Security.Configuration.Hocon;

namespace Para.Security.Tests.Configuration.Hocon;

[TestFixture]
public sealed class HoconUnitsTests
{
    [TestCase("10s", 10_000d)]
    [TestCase("5 minutes", 300_000d)]
    [TestCase("100ms", 100d)]
    [TestCase("2 d", 172_800_000d)]
    [TestCase("250", 250d)]
    [TestCase("1.5h", 5_400_000d)]
    [TestCase("-3 seconds", -3_000d)]
    [TestCase("1500us", 1.5d)]
    [TestCase("2000000 nanos", 2d)]
    [TestCase(" 7 day ", 604_800_000d)]
    public void TryParse_Duration_ParsesUnits(string text, double milliseconds)
    {
        // Act
        var ok = HoconDuration.TryParse(text, out var value);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(value.TotalMilliseconds, Is.EqualTo(milliseconds));
        });
    }

    [TestCase("")]
    [TestCase("s")]
    [TestCase("10 S")]
    [TestCase("10 weeks")]
    [TestCase("ten seconds")]
    [TestCase("99999999999999999999 days")]
    public void TryParse_InvalidDuration_ReturnsFalse(string text)
    {
        // Act
        var ok = HoconDuration.TryParse(text, out _);

        // Assert
        Assert.That(ok, Is.False);
    }

    [TestCase("10MB", 10_000_000L)]
    [TestCase("10MiB", 10_485_760L)]
    [TestCase("10M", 10_485_760L)]
    [TestCase("512K", 524_288L)]
    [TestCase("512k", 524_288L)]
    [TestCase("1 kB", 1_000L)]
    [TestCase("4096", 4_096L)]
    [TestCase("2 gibibytes", 2_147_483_648L)]
    [TestCase("1.5G", 1_610_612_736L)]
    [TestCase("7 bytes", 7L)]
    [TestCase("1 EiB", 1_152_921_504_606_846_976L)]
    public void TryParse_Size_ParsesUnits(string text, long bytes)
    {
        // Act
        var ok = HoconSize.TryParse(text, out long value);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(value, Is.EqualTo(bytes));
        });
    }

    [TestCase("10 mb")]
    [TestCase("-1K")]
    [TestCase("16EiB")]
    [TestCase("1 ZB")]
    [TestCase("lots")]
    public void TryParse_InvalidSize_ReturnsFalse(string text)
    {
        // Act
        var ok = HoconSize.TryParse(text, out long _);

        // Assert
        Assert.That(ok, Is.False);
    }

    public sealed class LimitsOptions
    {
        public TimeSpan Timeout { get; set; }

        public TimeSpan Classic { get; set; }

        public HoconSize Max { get; set; }

        public HoconSize Plain { get; set; }

        public int Retries { get; set; }
    }

    [Test]
    public void Get_OptionsWithDurationsAndSizes_BindThroughConverters()
    {
        // Arrange
        var configuration = new ConfigurationBuilder()
            .AddHoconString("limits { timeout = 10s, classic = \"00:01:30\", max = 10MB, plain = 2048, retries = 3 }")
            .Build();

        // Act
        var options = configuration.GetSection("limits").Get<LimitsOptions>()!;

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(options.Classic, Is.EqualTo(TimeSpan.FromSeconds(90)));
            Assert.That((long)options.Max, Is.EqualTo(10_000_000L));
            Assert.That(options.Plain.Bytes, Is.EqualTo(2048L));
            Assert.That(options.Retries, Is.EqualTo(3));
        });
    }

    [Test]
    public void Get_InvalidSize_FailsToBind()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddHoconString("max = lots").Build();

        // Act + Assert
        Assert.That(() => configuration.Get<LimitsOptions>(), Throws.TypeOf<InvalidOperationException>());
    }
}
