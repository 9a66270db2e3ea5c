-- Static routes of a router (extraroute): [{"destination": cidr, "nexthop": address on an interface subnet}].
alter table router add column routes jsonb not null default '[]';
