-- What Glance v2 keeps about an image beyond the first skeleton: its virtual size, whether it is
-- hidden from default lists, its free-form properties, its tags and the projects it is shared with.
alter table image add column virtual_size bigint;
alter table image add column os_hidden boolean not null default false;

create table image_property (
    image_id uuid          not null references image (id) on delete cascade,
    name     varchar(255)  not null,
    value    text          not null,
    primary key (image_id, name)
);

create table image_tag (
    image_id uuid         not null references image (id) on delete cascade,
    tag      varchar(255) not null,
    primary key (image_id, tag)
);
create index image_tag_tag on image_tag (tag);

-- A shared image's members: projects it is offered to, each accepting or rejecting it for itself.
create table image_member (
    image_id   uuid        not null references image (id) on delete cascade,
    member     varchar(64) not null,
    status     varchar(16) not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (image_id, member)
);
create index image_member_member on image_member (member);
