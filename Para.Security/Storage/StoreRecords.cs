// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json.Nodes;
using Para.Security.Identity;

namespace Para.Security.Storage;

/// <summary>
/// The column lists, parameters and row mapping that the SQLite and PostgreSQL stores share. Both use the same
/// column names and <c>@name</c> parameters, so only the statements that differ between dialects live in the stores.
/// </summary>
internal static class StoreRecords
{
    /// <summary>The app columns, in the order <see cref="ReadApp"/> reads them.</summary>
    public const string AppColumns = """id, name, secret, active, read_only, token_validity_sec, creator_id, "timestamp", updated, settings""";

    /// <summary>The user columns, in the order <see cref="ReadUser"/> reads them.</summary>
    public const string UserColumns = """app_id, id, identifier, email, name, picture, active, "groups", token_secret, idp_access_token, idp_refresh_token, idp_id_token, "timestamp", updated, version""";

    /// <summary>The user parameters matching <see cref="UserColumns"/>, for an INSERT.</summary>
    public const string UserValues = "@app_id, @id, @identifier, @email, @name, @picture, @active, @groups, @token_secret, @idp_access_token, @idp_refresh_token, @idp_id_token, @timestamp, @updated, @version";

    /// <summary>The SET list that overwrites every user field but the key and the email index's columns, and bumps the version.</summary>
    public const string UserAssignmentsOutsideEmailIndex = """identifier = @identifier, name = @name, picture = @picture, active = @active, "groups" = @groups, token_secret = @token_secret, idp_access_token = @idp_access_token, idp_refresh_token = @idp_refresh_token, idp_id_token = @idp_id_token, updated = @updated, version = version + 1""";

    /// <summary>The SET list that overwrites every user field but the key and bumps the version.</summary>
    public const string UserAssignments = """email = @email, "timestamp" = @timestamp, """ + UserAssignmentsOutsideEmailIndex;

    // "@" + name of each parameter name the stores use (a few dozen constants), made once instead of on every execution.
    // Process-wide on purpose: a pure function of the code's own constant names, the same for every host, holding no
    // host's data, and bounded by the number of those names.
    private static readonly ConcurrentDictionary<string, string> PrefixedNames = new(StringComparer.Ordinal);

    /// <summary>Adds a named parameter; <see langword="null"/> becomes <see cref="DBNull"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="name">The parameter name without <c>@</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>The parameter, so a dialect can refine its type.</returns>
    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();

        // With the prefix, Microsoft.Data.Sqlite finds the statement's parameter in one look-up; without it, it tries
        // the bare name and then each of @, $ and : (measured: 17.5 against 10.8 µs for a prepared 15-parameter
        // UPDATE). Npgsql takes the name with or without it.
        parameter.ParameterName = PrefixedNames.GetOrAdd(name, static name => "@" + name);
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Adds every app parameter but <c>@settings</c>, whose type differs between dialects.</summary>
    /// <param name="command">The command.</param>
    /// <param name="app">The app.</param>
    public static void AddAppParameters(DbCommand command, ParaApp app)
    {
        Add(command, "id", app.Id);
        Add(command, "name", app.Name);
        Add(command, "secret", app.Secret);
        Add(command, "active", app.Active);
        Add(command, "read_only", app.ReadOnly);
        Add(command, "token_validity_sec", app.TokenValiditySec);
        Add(command, "creator_id", app.CreatorId);
        Add(command, "timestamp", app.Timestamp);
        Add(command, "updated", app.Updated);
    }

    /// <summary>Serialises app settings for the <c>settings</c> column; numbers stay numbers and strings stay strings.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The JSON text.</returns>
    public static string SettingsJson(ParaApp app) => app.Settings.ToJsonString();

    /// <summary>Adds every user parameter.</summary>
    /// <param name="command">The command.</param>
    /// <param name="user">The user.</param>
    /// <param name="version">The version to store (only used by INSERT).</param>
    public static void AddUserParameters(DbCommand command, ParaUser user, long version)
    {
        Add(command, "app_id", user.AppId);
        Add(command, "id", user.Id);
        Add(command, "identifier", user.Identifier);
        Add(command, "email", user.Email);
        Add(command, "name", user.Name);
        Add(command, "picture", user.Picture);
        Add(command, "active", user.Active);
        Add(command, "groups", user.Groups);
        Add(command, "token_secret", user.TokenSecret);
        Add(command, "idp_access_token", user.IdpAccessToken);
        Add(command, "idp_refresh_token", user.IdpRefreshToken);
        Add(command, "idp_id_token", user.IdpIdToken);
        Add(command, "timestamp", user.Timestamp);
        Add(command, "updated", user.Updated);
        Add(command, "version", version);
    }

    /// <summary>Reads an app from a row selected with <see cref="AppColumns"/>.</summary>
    /// <param name="reader">The reader, on a row.</param>
    /// <returns>The app.</returns>
    public static ParaApp ReadApp(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = NullableString(reader, 1),
        Secret = reader.GetString(2),
        Active = reader.GetBoolean(3),
        ReadOnly = reader.GetBoolean(4),
        TokenValiditySec = NullableInt64(reader, 5),
        CreatorId = NullableString(reader, 6),
        Timestamp = reader.GetInt64(7),
        Updated = NullableInt64(reader, 8),
        Settings = JsonNode.Parse(reader.GetString(9)) as JsonObject
            ?? throw new InvalidOperationException($"The settings of app '{reader.GetString(0)}' are not a JSON object."),
    };

    /// <summary>Reads a user from a row selected with <see cref="UserColumns"/>.</summary>
    /// <param name="reader">The reader, on a row.</param>
    /// <returns>The user.</returns>
    public static ParaUser ReadUser(DbDataReader reader) => new()
    {
        AppId = reader.GetString(0),
        Id = reader.GetString(1),
        Identifier = NullableString(reader, 2),
        Email = NullableString(reader, 3),
        Name = NullableString(reader, 4),
        Picture = NullableString(reader, 5),
        Active = reader.GetBoolean(6),
        Groups = reader.GetString(7),
        TokenSecret = NullableString(reader, 8),
        IdpAccessToken = NullableString(reader, 9),
        IdpRefreshToken = NullableString(reader, 10),
        IdpIdToken = NullableString(reader, 11),
        Timestamp = reader.GetInt64(12),
        Updated = NullableInt64(reader, 13),
        Version = reader.GetInt64(14),
    };

    /// <summary>Runs a query and reads at most one user.</summary>
    /// <param name="command">The command, selecting <see cref="UserColumns"/>.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    public static async ValueTask<ParaUser?> ReadSingleUserAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadUser(reader) : null;
        }
    }

    /// <summary>Runs a query and reads every user.</summary>
    /// <param name="command">The command, selecting <see cref="UserColumns"/>.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The users.</returns>
    public static async ValueTask<IReadOnlyList<ParaUser>> ReadUsersAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var users = new List<ParaUser>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                users.Add(ReadUser(reader));
            }
        }

        return users;
    }

    /// <summary>Runs a query and reads at most one app.</summary>
    /// <param name="command">The command, selecting <see cref="AppColumns"/>.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The app, or <see langword="null"/>.</returns>
    public static async ValueTask<ParaApp?> ReadSingleAppAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadApp(reader) : null;
        }
    }

    /// <summary>Runs a query and reads the first column of every row as a string.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>The strings.</returns>
    public static async ValueTask<IReadOnlyList<string>> ReadStringsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                values.Add(reader.GetString(0));
            }
        }

        return values;
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long? NullableInt64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
