-- The image catalog. The image bytes live in the image store (a directory first), never in the database.
create table image (
    id               uuid         primary key,
    name             varchar(255),
    owner            varchar(64)  not null,
    status           varchar(16)  not null,
    visibility       varchar(16)  not null default 'shared',
    disk_format      varchar(16),
    container_format varchar(16),
    size_bytes       bigint,
    checksum         varchar(32),
    os_hash_algo     varchar(16),
    os_hash_value    varchar(128),
    min_disk         integer      not null default 0,
    min_ram          integer      not null default 0,
    protected        boolean      not null default false,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null
);
create index image_owner on image (owner);
