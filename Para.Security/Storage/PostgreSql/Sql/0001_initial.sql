-- Migration 1: apps, users and the identifier records that make a login identifier unique per app.
-- Run by PostgreSqlStoreInitializer inside one transaction that holds the schema advisory lock.
-- Keys use the "C" collation so that ORDER BY is ordinal, as in the other stores.

CREATE TABLE apps (
    id                  text COLLATE "C" NOT NULL PRIMARY KEY,
    name                text,
    secret              text    NOT NULL,
    active              boolean NOT NULL,
    read_only           boolean NOT NULL,
    token_validity_sec  bigint,
    creator_id          text,
    "timestamp"         bigint  NOT NULL,
    updated             bigint,
    -- json (not jsonb) keeps the text exactly as written: key order, and numbers vs strings.
    settings            json    NOT NULL DEFAULT '{}'
);

CREATE TABLE users (
    app_id              text COLLATE "C" NOT NULL,
    id                  text COLLATE "C" NOT NULL,
    identifier          text,
    email               text,
    name                text,
    picture             text,
    active              boolean NOT NULL,
    "groups"            text    NOT NULL,
    token_secret        text,
    idp_access_token    text,
    idp_refresh_token   text,
    idp_id_token        text,
    "timestamp"         bigint  NOT NULL,
    updated             bigint,
    version             bigint  NOT NULL,
    PRIMARY KEY (app_id, id)
);

-- The email fallback (para-spec.md 0.3) searches by app and email, oldest first.
CREATE INDEX ix_users_app_id_email ON users (app_id, email, "timestamp");

-- The primary key is the uniqueness guarantee: one owner per identifier per app, enforced by the database.
CREATE TABLE identifiers (
    app_id              text COLLATE "C" NOT NULL,
    identifier          text COLLATE "C" NOT NULL,
    user_id             text COLLATE "C" NOT NULL,
    PRIMARY KEY (app_id, identifier),
    FOREIGN KEY (app_id, user_id) REFERENCES users (app_id, id) ON DELETE CASCADE
);

CREATE INDEX ix_identifiers_app_id_user_id ON identifiers (app_id, user_id);
