-- The floating IPs of an instance's ports, as network-service reports them (instance.port-floating-ips), shown in
-- the server's addresses after its fixed IPs. Apart from instance_port: a report that arrives before the host's (a
-- port that already had a floating IP, handed to a new server) outlives the host's ports replacing instance_port.
create table instance_floating_ip (
    instance_id uuid        not null references instance (id) on delete cascade,
    port_id     varchar(64) not null,
    addresses   text        not null,
    primary key (instance_id, port_id)
);
