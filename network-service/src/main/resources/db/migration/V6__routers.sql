-- Routers. Their interfaces and gateway are ports (device_owner network:router_interface / _gateway,
-- device_id the router), so IPAM and "in use" checks see them like any port.
create table router (
    id                  uuid         primary key,
    project_id          varchar(64)  not null,
    name                varchar(255) not null default '',
    description         varchar(255) not null default '',
    admin_state_up      boolean      not null default true,
    status              varchar(16)  not null,
    external_network_id uuid         references network (id),
    enable_snat         boolean      not null default true,
    revision_number     bigint       not null default 0,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null
);
create index router_project on router (project_id);
