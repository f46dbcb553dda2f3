// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Para.Security.Configuration.Hocon;

/// <summary>
/// Loads a HOCON file into configuration keys (<c>a.b.c</c> becomes <c>a:b:c</c>, array elements
/// <c>a:0</c>, <c>a:1</c>). The first load of a broken file throws a <see cref="HoconException"/> naming
/// file, line and column. A later load (a reload) of a broken file keeps the last good values and reports
/// the error through <see cref="HoconConfigurationSource.Logger"/>, <see cref="HoconConfigurationSource.OnReloadError"/>
/// and <see cref="LastError"/>.
/// </summary>
public sealed class HoconConfigurationProvider : FileConfigurationProvider
{
    private static readonly Action<ILogger, string, Exception?> LogReloadFailed = LoggerMessage.Define<string>(
        LogLevel.Warning,
        new EventId(1, "HoconReloadFailed"),
        "Reloading HOCON configuration failed; keeping the last good values. {Reason}");

    private readonly HoconConfigurationSource _source;
    private bool _attempted;

    /// <summary>Creates the provider for a source.</summary>
    /// <param name="source">The source.</param>
    public HoconConfigurationProvider(HoconConfigurationSource source)
        : base(source) => _source = source;

    /// <summary>The error of the most recent failed reload, or null after a successful load.</summary>
    public HoconException? LastError { get; private set; }

    /// <summary>Loads the file; on a first load, a broken file throws <see cref="HoconException"/>.</summary>
    public override void Load()
    {
        try
        {
            base.Load();
        }
        catch (InvalidDataException ex) when (ex.InnerException is HoconException hocon)
        {
            ExceptionDispatchInfo.Capture(hocon).Throw();
        }
    }

    /// <summary>Parses HOCON from the stream of the source's file.</summary>
    /// <param name="stream">The file contents.</param>
    public override void Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var first = !_attempted;
        _attempted = true;
        string text;
        using (var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true))
        {
            text = reader.ReadToEnd();
        }

        try
        {
            var options = new HoconParseOptions { EnvironmentLookup = _source.EnvironmentLookup, AllowIncludes = _source.AllowIncludes };
            var originName = _source.Path ?? "configuration";
            var physicalPath = _source.FileProvider?.GetFileInfo(_source.Path ?? string.Empty).PhysicalPath;
            var root = physicalPath is null
                ? HoconParser.ParseString(text, originName, options)
                : HoconParser.ParseFileText(text, originName, Path.GetFullPath(physicalPath), options);
            Data = HoconConfigurationData.From(root);
            LastError = null;
        }
        catch (HoconException ex) when (!first)
        {
            LastError = ex;
            if (_source.Logger is { } logger)
            {
                LogReloadFailed(logger, ex.Message, ex);
            }

            _source.OnReloadError?.Invoke(ex);
        }
    }
}
