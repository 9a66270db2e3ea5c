-- Placement at scale (docs/architecture.md, "Placement at scale").
-- Heartbeats rewrite every host's row every few seconds (10,000 hosts: 1,000 rows a second). With no index on
-- last_heartbeat_at and free room in each page, such an update is HOT: it writes no index entry at all, and the
-- page prunes its own dead versions. Nothing looks hosts up by their last heartbeat that needs the index.
drop index host_last_heartbeat;
alter table host set (fillfactor = 50);
-- The weighers order by free memory, then by name in the same direction, so one index serves both: spread walks
-- it backward, pack forward, and a placement reads the first few hosts that pass the filters and stops, instead
-- of computing and sorting the whole fleet's free memory.
drop index host_free_memory;
create index host_free_memory on host (((memory_mb - reserved_memory_mb) * ram_allocation_ratio - used_memory_mb), name);
drop index host_zone_free_memory;
create index host_zone_free_memory on host
    (availability_zone, ((memory_mb - reserved_memory_mb) * ram_allocation_ratio - used_memory_mb), name);
