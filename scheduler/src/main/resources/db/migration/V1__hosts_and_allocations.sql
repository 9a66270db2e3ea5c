-- A compute host as its agent registered it, with what is claimed on it. The used_* columns are
-- the sum of the host's allocations, kept in the same transaction as every claim and release so a
-- claim is one conditional update: it succeeds only if the resources are still free.
create table host (
    name               varchar(255) primary key,
    hypervisor_type    varchar(32)  not null,
    domain_type        varchar(16)  not null,
    libvirt_uri        varchar(512),
    vcpus              integer      not null,
    memory_mb          bigint       not null,
    disk_gb            bigint       not null,
    used_vcpus         integer      not null default 0,
    used_memory_mb     bigint       not null default 0,
    used_disk_gb       bigint       not null default 0,
    running_instances  integer      not null default 0,
    registered_at      timestamptz  not null,
    last_heartbeat_at  timestamptz  not null,
    constraint host_usage_not_negative check (used_vcpus >= 0 and used_memory_mb >= 0 and used_disk_gb >= 0)
);
create index host_last_heartbeat on host (last_heartbeat_at);

-- What one instance holds on one host. RELEASING: the host was told to destroy the instance and the
-- claim goes when it confirms, or when the host is found down.
create table allocation (
    instance_id   uuid         primary key,
    host          varchar(255) not null references host (name),
    project_id    varchar(64)  not null,
    vcpus         integer      not null,
    memory_mb     bigint       not null,
    disk_gb       bigint       not null,
    state         varchar(16)  not null,
    created_at    timestamptz  not null,
    releasing_since timestamptz
);
create index allocation_host on allocation (host);
create index allocation_releasing on allocation (state) where state = 'RELEASING';
