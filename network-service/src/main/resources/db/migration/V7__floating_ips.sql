-- Floating IPs: an address of an external network (held by a network:floatingip port) and, while
-- associated, the fixed IP of a tenant port it is translated to by a router.
create table floating_ip (
    id                  uuid         primary key,
    project_id          varchar(64)  not null,
    floating_network_id uuid         not null references network (id),
    floating_ip_address varchar(64)  not null,
    floating_port_id    uuid         not null references port (id),
    port_id             uuid         references port (id),
    fixed_ip_address    varchar(64),
    router_id           uuid         references router (id),
    status              varchar(16)  not null,
    description         varchar(255) not null default '',
    revision_number     bigint       not null default 0,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null
);
create index floating_ip_project on floating_ip (project_id);
-- A fixed IP is translated by one floating IP at most.
create unique index floating_ip_one_per_fixed_ip on floating_ip (port_id, fixed_ip_address) where port_id is not null;
