-- Flavor extra specs: free-form key/value pairs that scheduling and hypervisors read (e.g. hw:cpu_policy).
create table flavor_extra_spec (
    flavor_id varchar(255) not null references flavor (id) on delete cascade,
    key       varchar(255) not null,
    value     varchar(255) not null,
    primary key (flavor_id, key)
);
