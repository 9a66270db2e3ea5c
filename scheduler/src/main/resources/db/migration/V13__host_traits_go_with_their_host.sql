-- A host's traits are part of the host: when a host is removed (an operator retiring it, a benchmark's simulated
-- fleet forgotten) its traits go with it instead of blocking the delete.
alter table host_trait drop constraint host_trait_host_fkey;
alter table host_trait add constraint host_trait_host_fkey
    foreign key (host) references host (name) on delete cascade;
