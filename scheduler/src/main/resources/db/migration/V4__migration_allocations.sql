-- While a resize waits to be confirmed or reverted, the old flavor's resources stay held by the migration:
-- an allocation row keyed by the migration's id whose migration_of names the instance (as Nova's placement
-- moves them to the migration as consumer). Deleting or reverting the instance finds them here.
alter table allocation add column migration_of uuid;
create index allocation_migration_of on allocation (migration_of) where migration_of is not null;
