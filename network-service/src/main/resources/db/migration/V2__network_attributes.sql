-- Neutron's standard attributes on networks (description, revision) and port security's network default.
alter table network add column description varchar(255) not null default '';
alter table network add column revision_number bigint not null default 0;
alter table network add column port_security_enabled boolean not null default true;
