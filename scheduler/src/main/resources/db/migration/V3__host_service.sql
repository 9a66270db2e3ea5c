-- A host's number (os-hypervisors ids), where its agent answers HTTP, and its service status: a disabled
-- host takes no new instances.
alter table host
    add column id              bigserial,
    add column agent_url       varchar(512),
    add column enabled         boolean      not null default true,
    add column disabled_reason varchar(255);
create unique index host_id on host (id);
