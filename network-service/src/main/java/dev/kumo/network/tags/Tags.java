package dev.kumo.network.tags;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tags of any resource (standard-attr-tag), read in bulk for lists. */
@ApplicationScoped
public class Tags {

    private final EntityManager entityManager;

    public Tags(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public List<String> of(UUID resourceId) {
        return forAll(List.of(resourceId)).getOrDefault(resourceId, List.of());
    }

    @SuppressWarnings("unchecked")
    public Map<UUID, List<String>> forAll(Collection<UUID> resourceIds) {
        Map<UUID, List<String>> tags = new HashMap<>();
        if (resourceIds.isEmpty()) {
            return tags;
        }
        List<Object[]> rows = entityManager.createNativeQuery(
                "select resource_id, tag from tag where resource_id in (:ids) order by tag")
                .setParameter("ids", resourceIds).getResultList();
        for (Object[] row : rows) {
            tags.computeIfAbsent((UUID) row[0], id -> new ArrayList<>()).add((String) row[1]);
        }
        return tags;
    }

    public void add(UUID resourceId, String tag) {
        entityManager.createNativeQuery("insert into tag (resource_id, tag) values (:id, :tag) on conflict do nothing")
                .setParameter("id", resourceId).setParameter("tag", tag).executeUpdate();
    }

    public boolean remove(UUID resourceId, String tag) {
        return entityManager.createNativeQuery("delete from tag where resource_id = :id and tag = :tag")
                .setParameter("id", resourceId).setParameter("tag", tag).executeUpdate() > 0;
    }

    public void removeAll(UUID resourceId) {
        entityManager.createNativeQuery("delete from tag where resource_id = :id")
                .setParameter("id", resourceId).executeUpdate();
    }
}
