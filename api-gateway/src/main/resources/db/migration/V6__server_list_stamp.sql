-- The server list cache checks a project's row count and version sum before every list: index-only.
create index instance_project_version on instance (project_id) include (version);
