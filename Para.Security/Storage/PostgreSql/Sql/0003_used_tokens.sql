-- Migration 3: single-use tokens (passwordless and ID tokens) that were already exchanged, kept until they expire.
-- Only the hex SHA-256 of a token is stored. Rows past expires_at are purged by the store now and then.

CREATE TABLE used_tokens (
    digest              text COLLATE "C" NOT NULL PRIMARY KEY,
    expires_at          bigint  NOT NULL
);

CREATE INDEX ix_used_tokens_expires_at ON used_tokens (expires_at);
