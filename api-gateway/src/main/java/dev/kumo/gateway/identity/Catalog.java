package dev.kumo.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The regions, services and endpoints admins add to Keystone's catalog, kept in the gateway's database.
 * The built-in region and Kumo's own services ({@link ServiceCatalog}) are not stored: they follow the
 * address the gateway is reached at.
 */
@ApplicationScoped
class Catalog {

    record Region(String id, String description, String parentRegionId) {
    }

    record Service(String id, String type, String name, String description, boolean enabled) {
    }

    record Endpoint(String id, String serviceId, String iface, String url, String regionId, boolean enabled) {
    }

    private final EntityManager entityManager;

    Catalog(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    // ---- regions

    List<Region> regions() {
        return rows("select id, description, parent_region_id from catalog_region order by id").stream()
                .map(Catalog::region).toList();
    }

    Optional<Region> region(String id) {
        return rows("select id, description, parent_region_id from catalog_region where id = ?1", id).stream()
                .findFirst().map(Catalog::region);
    }

    @Transactional
    void save(Region region, boolean isNew) {
        String sql = isNew
                ? "insert into catalog_region (description, parent_region_id, id)"
                        + " values (cast(?1 as text), cast(?2 as varchar), ?3)"
                : "update catalog_region set description = cast(?1 as text), parent_region_id = cast(?2 as varchar)"
                        + " where id = ?3";
        update(sql, region.description(), region.parentRegionId(), region.id());
    }

    @Transactional
    boolean deleteRegion(String id) {
        return update("delete from catalog_region where id = ?1", id) > 0;
    }

    boolean hasChildren(String regionId) {
        return !rows("select 1 from catalog_region where parent_region_id = ?1", regionId).isEmpty()
                || !rows("select 1 from catalog_endpoint where region_id = ?1", regionId).isEmpty();
    }

    // ---- services

    List<Service> services() {
        return rows("select id, type, name, description, enabled from catalog_service order by id").stream()
                .map(Catalog::service).toList();
    }

    Optional<Service> service(String id) {
        return rows("select id, type, name, description, enabled from catalog_service where id = ?1", id).stream()
                .findFirst().map(Catalog::service);
    }

    @Transactional
    void save(Service service, boolean isNew) {
        String sql = isNew
                ? "insert into catalog_service (type, name, description, enabled, id)"
                        + " values (?1, cast(?2 as varchar), cast(?3 as text), ?4, ?5)"
                : "update catalog_service set type = ?1, name = cast(?2 as varchar), description = cast(?3 as text),"
                        + " enabled = ?4 where id = ?5";
        update(sql, service.type(), service.name(), service.description(), service.enabled(), service.id());
    }

    @Transactional
    boolean deleteService(String id) {
        return update("delete from catalog_service where id = ?1", id) > 0;
    }

    // ---- endpoints

    List<Endpoint> endpoints() {
        return rows("select id, service_id, interface, url, region_id, enabled from catalog_endpoint order by id")
                .stream().map(Catalog::endpoint).toList();
    }

    Optional<Endpoint> endpoint(String id) {
        return rows("select id, service_id, interface, url, region_id, enabled from catalog_endpoint where id = ?1",
                id).stream().findFirst().map(Catalog::endpoint);
    }

    @Transactional
    void save(Endpoint endpoint, boolean isNew) {
        String sql = isNew
                ? "insert into catalog_endpoint (service_id, interface, url, region_id, enabled, id)"
                        + " values (?1, ?2, ?3, cast(?4 as varchar), ?5, ?6)"
                : "update catalog_endpoint set service_id = ?1, interface = ?2, url = ?3, region_id = cast(?4 as varchar),"
                        + " enabled = ?5 where id = ?6";
        update(sql, endpoint.serviceId(), endpoint.iface(), endpoint.url(), endpoint.regionId(), endpoint.enabled(),
                endpoint.id());
    }

    @Transactional
    boolean deleteEndpoint(String id) {
        return update("delete from catalog_endpoint where id = ?1", id) > 0;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        List<?> result = query.getResultList();
        return result.stream().map(row -> row instanceof Object[] columns ? columns : new Object[] {row}).toList();
    }

    private int update(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Region region(Object[] row) {
        return new Region(text(row[0]), text(row[1]), text(row[2]));
    }

    private static Service service(Object[] row) {
        return new Service(text(row[0]), text(row[1]), text(row[2]), text(row[3]), Boolean.TRUE.equals(row[4]));
    }

    private static Endpoint endpoint(Object[] row) {
        return new Endpoint(text(row[0]), text(row[1]), text(row[2]), text(row[3]), text(row[4]),
                Boolean.TRUE.equals(row[5]));
    }
}
