-- Migration 2: ASP.NET Core Data Protection keys, shared by every server instance using this database, so that a
-- sealed OAuth state made by one instance can be opened by another.

CREATE TABLE data_protection_keys (
    name        TEXT    NOT NULL PRIMARY KEY,
    xml         TEXT    NOT NULL
) STRICT;
