-- Maintenance mode: a host an operator is working on takes no new placements at all, not even a build an admin
-- forced onto it (a disabled host still takes those), and keeps the instances it has.
alter table host
    add column maintenance        boolean      not null default false,
    add column maintenance_reason varchar(255);
