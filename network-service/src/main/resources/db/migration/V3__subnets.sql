-- Subnets: an IPv4 or IPv6 range on a network. Pools, name servers and host routes are small ordered
-- value lists, kept as JSON next to the subnet they belong to.
create table subnet (
    id                uuid         primary key,
    network_id        uuid         not null references network (id),
    project_id        varchar(64)  not null,
    name              varchar(255) not null default '',
    description       varchar(255) not null default '',
    ip_version        smallint     not null check (ip_version in (4, 6)),
    cidr              varchar(64)  not null,
    gateway_ip        varchar(64),
    enable_dhcp       boolean      not null default true,
    ipv6_ra_mode      varchar(32),
    ipv6_address_mode varchar(32),
    allocation_pools  jsonb        not null default '[]',
    dns_nameservers   jsonb        not null default '[]',
    host_routes       jsonb        not null default '[]',
    revision_number   bigint       not null default 0,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null
);
create index subnet_network on subnet (network_id);
create index subnet_project on subnet (project_id);
