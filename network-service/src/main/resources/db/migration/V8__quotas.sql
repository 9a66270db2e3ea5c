-- Per-project quota overrides; a resource without a row has the configured default.
create table quota (
    project_id varchar(64) not null,
    resource   varchar(32) not null,
    hard_limit integer     not null check (hard_limit >= -1),
    primary key (project_id, resource)
);
