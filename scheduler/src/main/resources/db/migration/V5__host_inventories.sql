-- Each host's inventory as OpenStack Placement models it: per resource class, an amount reserved for the host
-- itself and an allocation ratio. A host registers with the configured defaults (kumo.scheduler.*-allocation-ratio,
-- kumo.scheduler.reserved-*); an operator may change them per host. Capacity = (total - reserved) * ratio.
alter table host
    add column cpu_allocation_ratio  double precision not null default 4.0,
    add column ram_allocation_ratio  double precision not null default 1.0,
    add column disk_allocation_ratio double precision not null default 1.0,
    add column reserved_vcpus        integer          not null default 0,
    add column reserved_memory_mb    bigint           not null default 0,
    add column reserved_disk_gb      bigint           not null default 0;
-- The spread and pack weighers order candidates by free memory: an index on that expression lets a placement
-- read the best few hosts in order instead of sorting the whole fleet.
create index host_free_memory on host (((memory_mb - reserved_memory_mb) * ram_allocation_ratio - used_memory_mb));
