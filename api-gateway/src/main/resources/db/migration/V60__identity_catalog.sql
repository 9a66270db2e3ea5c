-- Keystone's catalog as admins extend it: regions, services and endpoints besides the built-in ones
-- (RegionOne and Kumo's own services, which the gateway describes itself). Region references are not
-- foreign keys: the built-in region is not a row; the gateway checks them.
create table catalog_region (
    id               varchar(255) primary key,
    description      text         not null default '',
    parent_region_id varchar(255)
);

create table catalog_service (
    id          varchar(64)  primary key,
    type        varchar(255) not null,
    name        varchar(255),
    description text,
    enabled     boolean      not null default true
);

create table catalog_endpoint (
    id         varchar(64) primary key,
    service_id varchar(64) not null references catalog_service (id) on delete cascade,
    interface  varchar(16) not null,
    url        text        not null,
    region_id  varchar(255),
    enabled    boolean     not null default true
);
