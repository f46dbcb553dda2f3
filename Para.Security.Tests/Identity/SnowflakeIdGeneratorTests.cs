// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Microsoft.Extensions.Time.Testing;
using Para.Security.Identity;

namespace Para.Security.Tests.Identity;

public sealed class SnowflakeIdGeneratorTests
{
    [Test]
    public void NewId_ManyInOneMillisecond_StrictlyIncreasingNumericStrings()
    {
        // Arrange
        var generator = new SnowflakeIdGenerator(new FakeTimeProvider(DateTimeOffset.Parse("2026-06-11T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));

        // Act
        var ids = Enumerable.Range(0, 10_000).Select(_ => generator.NewId()).ToList();

        // Assert
        var numbers = ids.Select(long.Parse).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.All.Match("^[0-9]+$"));
            Assert.That(numbers, Is.Ordered.Ascending);
            Assert.That(numbers.Distinct().Count(), Is.EqualTo(numbers.Count));
        });
    }

    [Test]
    public void NewId_ClockStepsBack_StillIncreasing()
    {
        // Arrange
        var time = new SteppingClock { Now = DateTimeOffset.Parse("2026-06-11T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };
        var generator = new SnowflakeIdGenerator(time);
        var first = long.Parse(generator.NewId());

        // Act (FakeTimeProvider refuses to go back in time, hence a hand-set clock)
        time.Now = time.Now.AddMinutes(-5);
        var second = long.Parse(generator.NewId());

        // Assert
        Assert.That(second, Is.GreaterThan(first));
    }

    [Test]
    public void NewId_LaterTime_GreaterId()
    {
        // Arrange
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-11T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var generator = new SnowflakeIdGenerator(time, workerId: 7);
        var first = long.Parse(generator.NewId());

        // Act
        time.Advance(TimeSpan.FromMilliseconds(1));
        var second = long.Parse(generator.NewId());

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(second - first, Is.EqualTo(1L << 22));
            Assert.That((first >> 12) & 0x3FF, Is.EqualTo(7));
        });
    }

    [TestCase(-1)]
    [TestCase(1024)]
    public void Constructor_WorkerIdOutOfRange_Throws(long workerId)
    {
        // Act / Assert
        Assert.That(() => new SnowflakeIdGenerator(TimeProvider.System, workerId), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private sealed class SteppingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
