-- Tokens revoked through DELETE /identity/v3/auth/tokens, kept until they would have expired anyway.
create table revoked_token (
    token_id   varchar(255) primary key,
    expires_at timestamptz  not null
);
create index revoked_token_expires on revoked_token (expires_at);
