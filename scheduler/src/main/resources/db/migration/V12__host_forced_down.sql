-- An operator who knows a host is dead (fenced, powered off) marks it forced down, as Nova's os-services force-down
-- does: it counts as down at once, whatever its last heartbeat, so its instances can be evacuated without waiting
-- out the heartbeat silence. Only the operator clears it.
alter table host add column forced_down boolean not null default false;
