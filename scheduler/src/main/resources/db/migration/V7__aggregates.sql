-- Host aggregates, as Nova keeps them: a named set of hosts with metadata. The metadata key availability_zone
-- makes the aggregate's hosts an availability zone; hosts in no such aggregate are in the default zone.
create table aggregate (
    id          bigserial    primary key,
    uuid        uuid         not null unique,
    name        varchar(255) not null unique,
    created_at  timestamptz  not null,
    updated_at  timestamptz
);
create table aggregate_metadata (
    aggregate_id bigint       not null references aggregate (id) on delete cascade,
    key          varchar(255) not null,
    value        varchar(255) not null,
    primary key (aggregate_id, key)
);
-- The zone filter looks hosts up by zone name.
create index aggregate_zone on aggregate_metadata (value, aggregate_id) where key = 'availability_zone';
create table aggregate_host (
    aggregate_id bigint       not null references aggregate (id) on delete cascade,
    host         varchar(255) not null references host (name),
    primary key (aggregate_id, host)
);
create index aggregate_host_host on aggregate_host (host);
