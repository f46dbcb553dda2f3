// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Para.Security.Tests.Infrastructure;

/// <summary>
/// A throwaway local PostgreSQL cluster for tests: <c>initdb</c> into a fresh directory under /tmp, <c>pg_ctl start</c>
/// on a free loopback port with trust authentication, and <c>pg_ctl stop -m immediate</c> plus deletion at the end.
/// One shared cluster serves the whole test run (<see cref="GetSharedAsync"/>); each fixture takes its own database
/// (<see cref="CreateDatabaseAsync"/>). As root (CI), initdb and pg_ctl run as the <c>postgres</c> user through
/// <c>runuser</c>, since PostgreSQL refuses to run as root. Without PostgreSQL installed the calling test is skipped,
/// or failed on CI (<see cref="Requires"/>).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string NotFound = "PostgreSQL (initdb) not found: install postgresql to run these tests";
    private const string Superuser = "postgres";

    private static readonly Lock SharedGate = new();
    private static Task<PostgresCluster>? s_shared;
    private static int s_databaseCounter;

    private readonly string _binDirectory;
    private readonly bool _asPostgresUser;
    private int _stopped;

    private PostgresCluster(string binDirectory, string dataDirectory, int port, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        DataDirectory = dataDirectory;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>Gets the cluster's data directory (also its socket directory).</summary>
    public string DataDirectory { get; }

    /// <summary>Gets the TCP port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Gets how long initdb plus start took.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Gets the shared cluster, starting it on first use; ignores (or, under CI, fails) the test when PostgreSQL is missing.</summary>
    /// <returns>The running cluster.</returns>
    public static Task<PostgresCluster> GetSharedAsync()
    {
        var binDirectory = RequireBinDirectory();
        lock (SharedGate)
        {
            return s_shared ??= StartAsync(binDirectory);
        }
    }

    /// <summary>Stops and deletes the shared cluster, if one was started. Called once at the end of the test run.</summary>
    /// <returns>A task that completes when the cluster is gone.</returns>
    public static async Task StopSharedAsync()
    {
        Task<PostgresCluster>? shared;
        lock (SharedGate)
        {
            shared = s_shared;
            s_shared = null;
        }

        if (shared is { IsCompletedSuccessfully: true })
        {
            await shared.Result.DisposeAsync();
        }
    }

    /// <summary>Starts a new cluster of its own (the caller disposes it).</summary>
    /// <returns>The running cluster.</returns>
    public static Task<PostgresCluster> StartNewAsync() => StartAsync(RequireBinDirectory());

    /// <summary>Builds a connection string to a database of this cluster.</summary>
    /// <param name="database">The database name.</param>
    /// <returns>The connection string.</returns>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        Timeout = 30,
    }.ConnectionString;

    /// <summary>Creates an empty database with a unique name.</summary>
    /// <param name="prefix">A readable prefix (letters, digits, underscores).</param>
    /// <returns>A connection string to the new database.</returns>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var safe = new string(prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray());
        var name = string.Create(CultureInfo.InvariantCulture, $"{safe}_{Interlocked.Increment(ref s_databaseCounter)}_{Environment.ProcessId}");
        await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        // A database name cannot be a parameter; it is built above from letters, digits and underscores only.
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Stops the server at once (<c>-m immediate</c>) and deletes its directory.</summary>
    /// <returns>A task that completes when the cluster is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(_asPostgresUser, Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            TryDelete(DataDirectory);
        }
    }

    private static async Task<PostgresCluster> StartAsync(string binDirectory)
    {
        var stopwatch = Stopwatch.StartNew();
        var asPostgresUser = IsRoot();
        var dataDirectory = Path.Combine("/tmp", "para-pg-" + Guid.NewGuid().ToString("N")[..12]);

        // initdb creates the directory itself, so under runuser it belongs to the postgres user as the server requires.
        await RunAsync(asPostgresUser, Path.Combine(binDirectory, "initdb"),
            ["-D", dataDirectory, "-A", "trust", "-U", Superuser, "-E", "UTF8", "--locale=C", "--no-sync"]);

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var options = string.Join(' ',
                $"-p {port.ToString(CultureInfo.InvariantCulture)}", $"-k {dataDirectory}", "-c listen_addresses=127.0.0.1",
                "-c max_connections=300", "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
            try
            {
                await RunAsync(asPostgresUser, Path.Combine(binDirectory, "pg_ctl"),
                    ["-D", dataDirectory, "-l", Path.Combine(dataDirectory, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
                var cluster = new PostgresCluster(binDirectory, dataDirectory, port, asPostgresUser) { StartupTime = stopwatch.Elapsed };
                AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
                return cluster;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Most likely the port was taken between probing and binding: try another one.
            }
            catch
            {
                TryDelete(dataDirectory);
                throw;
            }
        }
    }

    private static string RequireBinDirectory() => Requires.Found(FindBinDirectory(), NotFound);

    private static string? FindBinDirectory()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "initdb"))
            .Where(File.Exists)
            .Select(path => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(directory => int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(directory => Path.Combine(directory, "bin", "initdb"))
                .Where(File.Exists)
            : [];
        return onPath.Concat(debian)
            .Select(Path.GetDirectoryName)
            .FirstOrDefault(directory => directory is not null && File.Exists(Path.Combine(directory, "pg_ctl")));
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task RunAsync(bool asPostgresUser, string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be allowed into the test's working directory.
            WorkingDirectory = "/tmp",
        };
        if (asPostgresUser)
        {
            foreach (var argument in new[] { "-u", Superuser, "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        // pg_ctl start is given -l, so the server it leaves running does not hold these pipes open.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var message = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{string.Join(' ', start.ArgumentList.Prepend(start.FileName))} exited with {process.ExitCode}.")
                .AppendLine().Append(await output).AppendLine().Append(await error);
            var log = arguments.SkipWhile(a => a != "-l").Skip(1).FirstOrDefault();
            if (log is not null && File.Exists(log))
            {
                message.AppendLine().Append(await File.ReadAllTextAsync(log));
            }

            throw new InvalidOperationException(message.ToString());
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover directory under /tmp does no harm.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
