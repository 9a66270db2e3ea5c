-- Which server group an allocation's instance belongs to, so group policies see the group's hosts.
alter table allocation add column server_group_id uuid;
create index allocation_server_group on allocation (server_group_id) where server_group_id is not null;
