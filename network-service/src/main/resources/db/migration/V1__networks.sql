-- Tenant networks; subnets, ports, security groups and floating IPs follow in later migrations.
create table network (
    id              uuid         primary key,
    project_id      varchar(64)  not null,
    name            varchar(255) not null default '',
    status          varchar(16)  not null,
    admin_state_up  boolean      not null default true,
    shared          boolean      not null default false,
    external        boolean      not null default false,
    mtu             integer      not null default 1500,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index network_project on network (project_id);
