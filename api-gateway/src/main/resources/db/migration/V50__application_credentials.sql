-- Keystone application credentials. The secret lives only in Keycloak (as the secret of the confidential
-- client that backs each credential); the gateway keeps what Keystone shows about a credential and what it
-- needs to authenticate and revoke it.
create table application_credential (
    id           varchar(64)   primary key,
    user_id      varchar(255)  not null,
    user_name    varchar(255)  not null,
    name         varchar(255)  not null,
    description  varchar(1024),
    project_id   varchar(64)   not null,
    project_name varchar(255)  not null,
    roles        varchar(1024) not null,
    unrestricted boolean       not null default false,
    expires_at   timestamptz,
    client_uuid  varchar(64)   not null,
    created_at   timestamptz   not null default now(),
    constraint application_credential_name_per_user unique (user_id, name)
);
