-- What a server carries beyond its build: the create request's options, its lock, and an action deadline.
alter table instance
    add column description        varchar(255),
    add column key_name            varchar(255),
    add column public_key          text,
    add column user_data           text,
    add column availability_zone   varchar(255),
    add column config_drive        boolean      not null default false,
    add column access_ipv4         varchar(64),
    add column access_ipv6         varchar(64),
    add column hostname            varchar(255),
    add column reservation_id      varchar(64),
    add column launch_index        integer      not null default 0,
    add column security_groups     text         not null default 'default',
    add column locked_by           varchar(16),
    add column server_group_id     uuid,
    add column task_deadline       timestamptz,
    add column terminated_at       timestamptz;
create index instance_task_deadline on instance (task_deadline) where task_deadline is not null;
create index instance_changes on instance (project_id, updated_at);

create table instance_metadata (
    instance_id uuid         not null references instance (id) on delete cascade,
    key         varchar(255) not null,
    value       varchar(255) not null,
    primary key (instance_id, key)
);

create table instance_tag (
    instance_id uuid        not null references instance (id) on delete cascade,
    tag         varchar(60) not null,
    primary key (instance_id, tag)
);

-- Who did what to an instance, when, under which request id (os-instance-actions), and its steps.
create table instance_action (
    id          bigserial    primary key,
    instance_id uuid         not null references instance (id) on delete cascade,
    action      varchar(64)  not null,
    request_id  varchar(64)  not null,
    project_id  varchar(64)  not null,
    user_id     varchar(64)  not null,
    start_time  timestamptz  not null,
    finish_time timestamptz,
    message     text
);
create index instance_action_instance on instance_action (instance_id, start_time);
create unique index instance_action_request on instance_action (instance_id, request_id);

create table instance_action_event (
    id          bigserial    primary key,
    action_id   bigint       not null references instance_action (id) on delete cascade,
    event       varchar(64)  not null,
    host        varchar(255),
    start_time  timestamptz  not null,
    finish_time timestamptz,
    result      varchar(16),
    details     text
);
create index instance_action_event_action on instance_action_event (action_id);

-- Keypairs belong to a user, as in Nova.
create table keypair (
    id          bigserial    primary key,
    user_id     varchar(64)  not null,
    name        varchar(255) not null,
    type        varchar(8)   not null default 'ssh',
    public_key  text         not null,
    fingerprint varchar(128) not null,
    created_at  timestamptz  not null,
    unique (user_id, name)
);

-- Quota limits: the defaults (class 'default') and per-project overrides. Usage is counted, never stored.
create table quota_default (
    resource   varchar(64) primary key,
    hard_limit integer     not null
);
insert into quota_default (resource, hard_limit) values
    ('instances', 10), ('cores', 20), ('ram', 51200), ('metadata_items', 128), ('key_pairs', 100),
    ('server_groups', 10), ('server_group_members', 10), ('injected_files', 5),
    ('injected_file_content_bytes', 10240), ('injected_file_path_bytes', 255),
    ('floating_ips', -1), ('fixed_ips', -1), ('security_groups', -1), ('security_group_rules', -1);

create table quota_limit (
    project_id varchar(64) not null,
    resource   varchar(64) not null,
    hard_limit integer     not null,
    primary key (project_id, resource)
);

create table server_group (
    id                  uuid         primary key,
    name                varchar(255) not null,
    project_id          varchar(64)  not null,
    user_id             varchar(64)  not null,
    policy              varchar(32)  not null,
    max_server_per_host integer,
    created_at          timestamptz  not null
);
create index server_group_project on server_group (project_id);

create table server_group_member (
    group_id    uuid not null references server_group (id) on delete cascade,
    instance_id uuid not null,
    primary key (group_id, instance_id)
);

create table flavor_access (
    flavor_id  varchar(255) not null references flavor (id) on delete cascade,
    project_id varchar(64)  not null,
    primary key (flavor_id, project_id)
);
