// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using Microsoft.AspNetCore.Http;
using Para.Security.Diagnostics;
using Para.Security.Http;

namespace Para.Security.Tests.Http;

/// <summary>The body reader turns every body Kestrel cannot read into a client error, never an exception.</summary>
public sealed class RequestBodyReaderTests
{
    public static IEnumerable<TestCaseData> Unreadable()
    {
        yield return new TestCaseData(new BadHttpRequestException("Bad chunk size data.", 400), 400).SetName("ReadAsync_BadChunk_Is400Unreadable");
        yield return new TestCaseData(new IOException("Bad chunk size data.", new OverflowException()), 400).SetName("ReadAsync_ChunkSizeOverflow_Is400Unreadable");
        yield return new TestCaseData(new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", 408), 408).SetName("ReadAsync_TooSlow_Is408Unreadable");
        yield return new TestCaseData(new BadHttpRequestException("Request body too large.", 413), 413).SetName("ReadAsync_OverKestrelsLimit_Is413Unreadable");
    }

    [TestCaseSource(nameof(Unreadable))]
    public async Task ReadAsync_BodyThatThrows_AnswersClientError(Exception thrown, int status)
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Request.Body = new ThrowingStream(thrown);

        // Act
        var result = await RequestBodyReader.ReadAsync(context.Request, 1024, CancellationToken.None);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.Null);
            Assert.That(result.Failure!.Kind, Is.EqualTo(RequestBodyFailureKind.Unreadable));
            Assert.That(result.Failure.StatusCode, Is.EqualTo(status));
            Assert.That(result.Failure.ErrorCode, Is.EqualTo(ParaSecurityErrors.UnreadableBody));
            Assert.That(result.Failure.Message, Is.EqualTo("The request body could not be read: " + thrown.Message));
        });
    }

    [Test]
    public async Task HashAsync_BodyThatThrows_AnswersClientError()
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Request.Body = new ThrowingStream(new BadHttpRequestException("Bad chunk size data.", 400));

        // Act
        var result = await RequestBodyReader.HashAsync(context.Request, CancellationToken.None);

        // Assert
        Assert.That(result.Failure?.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task HashAsync_Body_HashesAndRewindsIt()
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("abc"));

        // Act
        var result = await RequestBodyReader.HashAsync(context.Request, CancellationToken.None);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
            Assert.That(new StreamReader(context.Request.Body).ReadToEnd(), Is.EqualTo("abc"));
        });
    }

    [Test]
    public async Task ReadAsync_OverTheLimit_Is400TooLarge()
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(new byte[2049]);

        // Act
        var result = await RequestBodyReader.ReadAsync(context.Request, 2048, CancellationToken.None);

        // Assert
        Assert.That(result.Failure?.Message, Is.EqualTo("Request is too large - the maximum is 2 KB."));
    }

    /// <summary>A request body whose first read fails as Kestrel's does on broken framing.</summary>
    private sealed class ThrowingStream(Exception exception) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw exception;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw exception;

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw exception;

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
