-- Ports: a MAC address on a network, unique on it, and the fixed IPs IPAM gave it.
create table port (
    id                    uuid         primary key,
    network_id            uuid         not null references network (id),
    project_id            varchar(64)  not null,
    name                  varchar(255) not null default '',
    description           varchar(255) not null default '',
    mac_address           varchar(17)  not null,
    admin_state_up        boolean      not null default true,
    status                varchar(16)  not null,
    device_id             varchar(255) not null default '',
    device_owner          varchar(255) not null default '',
    binding_host_id       varchar(255) not null default '',
    binding_vnic_type     varchar(64)  not null default 'normal',
    port_security_enabled boolean      not null default true,
    allowed_address_pairs jsonb        not null default '[]',
    revision_number       bigint       not null default 0,
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    constraint port_mac_unique_per_network unique (network_id, mac_address)
);
create index port_project on port (project_id);
create index port_device on port (device_id);

-- IPAM: one row per address handed out. The primary key is what makes a duplicate address impossible,
-- whatever the concurrency: two ports can never hold the same address of a subnet.
create table ip_allocation (
    subnet_id  uuid        not null references subnet (id),
    ip_address varchar(64) not null,
    port_id    uuid        not null references port (id) on delete cascade,
    network_id uuid        not null references network (id),
    position   integer     not null,
    primary key (subnet_id, ip_address)
);
create index ip_allocation_port on ip_allocation (port_id);
