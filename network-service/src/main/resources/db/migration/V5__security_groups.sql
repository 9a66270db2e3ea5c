-- Security groups and their rules. A project has at most one default group, made on first need.
create table security_group (
    id              uuid         primary key,
    project_id      varchar(64)  not null,
    name            varchar(255) not null default '',
    description     varchar(255) not null default '',
    is_default      boolean      not null default false,
    stateful        boolean      not null default true,
    revision_number bigint       not null default 0,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index security_group_project on security_group (project_id);
create unique index security_group_one_default_per_project on security_group (project_id) where is_default;

create table security_group_rule (
    id                uuid         primary key,
    security_group_id uuid         not null references security_group (id) on delete cascade,
    project_id        varchar(64)  not null,
    direction         varchar(8)   not null check (direction in ('ingress', 'egress')),
    ethertype         varchar(4)   not null check (ethertype in ('IPv4', 'IPv6')),
    protocol          varchar(16),
    port_range_min    integer,
    port_range_max    integer,
    remote_ip_prefix  varchar(64),
    remote_group_id   uuid         references security_group (id),
    description       varchar(255) not null default '',
    revision_number   bigint       not null default 0,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null
);
create index security_group_rule_group on security_group_rule (security_group_id);

create table port_security_group (
    port_id           uuid not null references port (id) on delete cascade,
    security_group_id uuid not null references security_group (id),
    primary key (port_id, security_group_id)
);
create index port_security_group_group on port_security_group (security_group_id);
