-- Tags of any resource (standard-attr-tag). Resource ids are UUIDs, unique across resource types.
create table tag (
    resource_id uuid         not null,
    tag         varchar(255) not null,
    primary key (resource_id, tag)
);
