-- A port's joining or leaving a group changes the rules of every port whose groups have a rule naming that group
-- as remote group (host.update-port-rules): those rules are found by remote group.
create index security_group_rule_remote_group on security_group_rule (remote_group_id) where remote_group_id is not null;
