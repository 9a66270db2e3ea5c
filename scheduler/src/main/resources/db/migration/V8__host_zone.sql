-- Each host's availability zone, kept from its aggregates' availability_zone metadata whenever they change (rarely),
-- so a placement in a zone reads the zone's hosts in the weigher's order from one index instead of joining the
-- aggregates on every decision. Null: the default zone.
alter table host add column availability_zone varchar(255);
update host set availability_zone = (
    select min(am.value) from aggregate_host ah
    join aggregate_metadata am on am.aggregate_id = ah.aggregate_id and am.key = 'availability_zone'
    where ah.host = host.name);
create index host_zone_free_memory on host
    (availability_zone, ((memory_mb - reserved_memory_mb) * ram_allocation_ratio - used_memory_mb));
