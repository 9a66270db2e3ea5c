-- The ports a server's domain is plugged into, as its host reported them (instance.active): the compute API's
-- addresses. The network service owns the ports; this is the compute side's copy, as Nova's network info cache.
create table instance_port (
    instance_id       uuid         not null references instance (id) on delete cascade,
    position          integer      not null,
    port_id           varchar(64)  not null,
    network_id        varchar(64)  not null,
    network_name      varchar(255) not null,
    mac_address       varchar(32)  not null,
    fixed_ips         text         not null,
    made_for_instance boolean      not null,
    primary key (instance_id, position)
);
