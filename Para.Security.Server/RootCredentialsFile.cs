// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text;
using System.Text.Json;
using Para.Security.Configuration;
using Para.Security.Json;

namespace Para.Security.Server;

/// <summary>
/// Where the root app's keys go when this process creates the root app: a JSON file (<c>para.root_credentials_file</c>,
/// by default <c>data/root-credentials.json</c> beside the SQLite store) that only the server's user can read (mode
/// 0600 from its creation on). Neither the log nor the console ever shows the secret: they say where the file is.
/// </summary>
internal static class RootCredentialsFile
{
    /// <summary>The key (relative to <c>para</c>) of the file.</summary>
    public const string Key = "root_credentials_file";

    /// <summary>The default of <see cref="Key"/>, relative to the working directory.</summary>
    public const string DefaultPath = "data/root-credentials.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The file's absolute path: the configured path, resolved against the working directory.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="workingDirectory">The directory relative paths are resolved against.</param>
    /// <returns>The absolute path.</returns>
    public static string Resolve(ParaConfig config, string workingDirectory)
    {
        var path = config.Get(Key);
        return Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? DefaultPath : path.Trim(), workingDirectory);
    }

    /// <summary>
    /// Writes the keys as <c>{"accessKey","message","secretKey"}</c> (the answer of <c>GET /v1/_setup</c>), replacing
    /// the file of an earlier store. The file is created with mode 0600 (owner read and write), so it is never readable
    /// by anyone else, not even for a moment; on Windows it inherits the folder's access list.
    /// </summary>
    /// <param name="path">The absolute path.</param>
    /// <param name="accessKey">The root app id.</param>
    /// <param name="secretKey">The root secret.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the file is written and flushed to disk.</returns>
    public static async Task WriteAsync(string path, string accessKey, string secretKey, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // The mode applies only when a file is created: an existing file (whatever its mode) is removed first.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var json = ParaJson.SetupKeys(accessKey, secretKey).ToJsonString(Indented) + "\n";
        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(json), cancellationToken).ConfigureAwait(false);
        }
    }
}
