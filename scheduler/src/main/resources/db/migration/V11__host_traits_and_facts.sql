-- What Nova's ImagePropertiesFilter and Placement's traits read of a host. The architecture is the agent's
-- (canonical, as Nova names it); the traits are the standard ones the agent reports (COMPUTE_*, HW_CPU_X86_*) and the
-- CUSTOM_* ones an operator sets through PUT /placement/resource_providers/{uuid}/traits. Each host is a resource
-- provider with a uuid and a generation that grows with every change of its traits or inventories, so two operators
-- editing one host's traits cannot overwrite each other unseen (Placement's 409 on a stale generation).
alter table host
    add column architecture varchar(32),
    add column uuid         uuid   not null default gen_random_uuid(),
    add column generation   bigint not null default 0;
create unique index host_uuid on host (uuid);

create table host_trait (
    host  varchar(255) not null references host (name),
    trait varchar(255) not null,
    primary key (host, trait)
);
-- The trait filters look up the hosts that have a trait.
create index host_trait_trait on host_trait (trait, host);

-- The orphan audit reads allocations oldest first in batches past a grace period.
create index allocation_created on allocation (created_at, instance_id);
