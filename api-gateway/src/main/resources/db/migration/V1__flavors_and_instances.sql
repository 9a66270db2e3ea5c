create table flavor (
    id           varchar(255) primary key,
    name         varchar(255) not null unique,
    vcpus        integer      not null check (vcpus > 0),
    ram_mb       integer      not null check (ram_mb > 0),
    disk_gb      integer      not null check (disk_gb >= 0),
    ephemeral_gb integer      not null default 0,
    swap_mb      integer      not null default 0,
    rxtx_factor  real         not null default 1.0,
    is_public    boolean      not null default true,
    disabled     boolean      not null default false,
    description  text,
    created_at   timestamptz  not null default now()
);

-- An instance as its tenant sees it. Deleted instances keep their row (deleted_at set) for audit.
create table instance (
    id               uuid         primary key,
    project_id       varchar(64)  not null,
    user_id          varchar(64)  not null,
    name             varchar(255) not null,
    flavor_id        varchar(255) not null,
    image_ref        varchar(255),
    vcpus            integer      not null,
    memory_mb        bigint       not null,
    disk_gb          bigint       not null,
    vm_state         varchar(32)  not null,
    task_state       varchar(32),
    power_state      integer      not null default 0,
    host             varchar(255),
    launched_at      timestamptz,
    fault_code       integer,
    fault_message    text,
    fault_created_at timestamptz,
    build_deadline   timestamptz,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    deleted_at       timestamptz,
    version          integer      not null default 0
);
create index instance_project on instance (project_id) where deleted_at is null;
create index instance_building on instance (build_deadline) where vm_state = 'building';
create index instance_deleting on instance (updated_at) where task_state = 'deleting';
