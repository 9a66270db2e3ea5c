-- Keystone's credentials (/v3/credentials): secrets users keep with Keystone (EC2 keys, TOTP seeds, ...).
create table identity_credential (
    id         varchar(64)  primary key,
    user_id    varchar(64)  not null,
    project_id varchar(64),
    type       varchar(255) not null,
    blob       text         not null,
    created_at timestamptz  not null default now()
);

create index identity_credential_user on identity_credential (user_id);
