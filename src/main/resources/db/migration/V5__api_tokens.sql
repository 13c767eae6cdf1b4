-- Bearer tokens for the gRPC and HTTP API. Only the SHA-256 of a token is stored: the token is
-- 32 random bytes, so a fast unsalted hash is enough to make a leaked table useless (nothing to
-- brute-force) while a lookup stays one indexed equality.
-- V1's agent_tokens was never read or written by any code (no scope, no expiry); api_tokens
-- replaces it rather than a second table of credentials standing beside it.
DROP TABLE agent_tokens;

CREATE TABLE api_tokens (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    scope       text        NOT NULL CHECK (scope IN ('agent', 'admin')),
    projects    text[]      NOT NULL DEFAULT '{}',
    token_hash  bytea       NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    -- True for the token a start wrote or was given (hookline.auth.bootstrap-token*): a start
    -- given another one revokes the previous.
    bootstrap   boolean     NOT NULL DEFAULT false
);
COMMENT ON TABLE api_tokens IS 'API tokens: SHA-256 of the secret, scope, projects, expiry; never the secret';
