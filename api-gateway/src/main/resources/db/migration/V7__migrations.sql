-- A resize of an instance (os-migrations): which flavors it went between, on which hosts, and how far it got.
-- uuid is the migration's id on the wire between services (the scheduler holds the old flavor under it).
create table migration (
    id              bigserial    primary key,
    uuid            uuid         not null unique,
    instance_id     uuid         not null references instance (id) on delete cascade,
    project_id      varchar(64)  not null,
    migration_type  varchar(16)  not null,
    status          varchar(32)  not null,
    source_host     varchar(255),
    dest_host       varchar(255),
    old_flavor_id   varchar(255) not null,
    new_flavor_id   varchar(255) not null,
    old_vcpus       integer      not null,
    old_memory_mb   bigint       not null,
    old_disk_gb     bigint       not null,
    old_vm_state    varchar(16)  not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index migration_instance on migration (instance_id, created_at);
