-- host.update-router: what each host was last told of a router (a digest of that state), so a change is sent only
-- to the hosts whose state it changes, and a host whose last port on the router's networks left is told to remove
-- it. host_revision numbers those messages; it grows under the router's row lock, so it orders them as committed.
alter table router add column host_revision bigint not null default 0;
create table router_host (
    router_id    uuid         not null references router (id) on delete cascade,
    host         varchar(255) not null,
    state_digest varchar(64)  not null,
    primary key (router_id, host)
);
-- A router's floating IPs, and the hosts with bound ports on a network, are read on every such change.
create index floating_ip_router on floating_ip (router_id) where router_id is not null;
create index port_network_host on port (network_id, binding_host_id) where binding_host_id <> '';
