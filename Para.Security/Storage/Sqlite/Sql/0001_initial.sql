-- Migration 1: apps, users and the identifier records that make a login identifier unique per app.
-- Run by SqliteStoreInitializer inside one BEGIN IMMEDIATE transaction, together with its schema_version row.

CREATE TABLE apps (
    id                  TEXT    NOT NULL PRIMARY KEY,
    name                TEXT,
    secret              TEXT    NOT NULL,
    active              INTEGER NOT NULL CHECK (active IN (0, 1)),
    read_only           INTEGER NOT NULL CHECK (read_only IN (0, 1)),
    token_validity_sec  INTEGER,
    creator_id          TEXT,
    "timestamp"         INTEGER NOT NULL,
    updated             INTEGER,
    settings            TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(settings))
) STRICT;

CREATE TABLE users (
    app_id              TEXT    NOT NULL,
    id                  TEXT    NOT NULL,
    identifier          TEXT,
    email               TEXT,
    name                TEXT,
    picture             TEXT,
    active              INTEGER NOT NULL CHECK (active IN (0, 1)),
    "groups"            TEXT    NOT NULL,
    token_secret        TEXT,
    idp_access_token    TEXT,
    idp_refresh_token   TEXT,
    idp_id_token        TEXT,
    "timestamp"         INTEGER NOT NULL,
    updated             INTEGER,
    version             INTEGER NOT NULL,
    PRIMARY KEY (app_id, id)
) STRICT;

-- The email fallback (para-spec.md 0.3) searches by app and email, oldest first.
CREATE INDEX ix_users_app_id_email ON users (app_id, email, "timestamp");

-- The primary key is the uniqueness guarantee: one owner per identifier per app, enforced by the database.
CREATE TABLE identifiers (
    app_id              TEXT    NOT NULL,
    identifier          TEXT    NOT NULL,
    user_id             TEXT    NOT NULL,
    PRIMARY KEY (app_id, identifier),
    FOREIGN KEY (app_id, user_id) REFERENCES users (app_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX ix_identifiers_app_id_user_id ON identifiers (app_id, user_id);
