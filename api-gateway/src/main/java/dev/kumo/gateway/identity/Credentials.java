package dev.kumo.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Keystone's credentials, kept in the gateway's database ({@code identity_credential}). */
@ApplicationScoped
class Credentials {

    record Credential(String id, String userId, String projectId, String type, String blob) {
    }

    private static final String COLUMNS = "select id, user_id, project_id, type, blob from identity_credential";

    private final EntityManager entityManager;

    Credentials(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Every credential, or a user's when {@code userId} is given. */
    @SuppressWarnings("unchecked")
    List<Credential> list(String userId) {
        var query = userId == null
                ? entityManager.createNativeQuery(COLUMNS + " order by created_at, id")
                : entityManager.createNativeQuery(COLUMNS + " where user_id = ?1 order by created_at, id")
                        .setParameter(1, userId);
        return ((List<Object[]>) query.getResultList()).stream().map(Credentials::credential).toList();
    }

    @SuppressWarnings("unchecked")
    Optional<Credential> get(String id) {
        return ((List<Object[]>) entityManager.createNativeQuery(COLUMNS + " where id = ?1").setParameter(1, id)
                .getResultList()).stream().findFirst().map(Credentials::credential);
    }

    /** Stores a new credential; false when its id is taken. */
    @Transactional
    boolean create(Credential credential) {
        return entityManager.createNativeQuery("""
                insert into identity_credential (id, user_id, project_id, type, blob)
                values (?1, ?2, cast(?3 as varchar), ?4, ?5) on conflict do nothing""")
                .setParameter(1, credential.id()).setParameter(2, credential.userId())
                .setParameter(3, credential.projectId()).setParameter(4, credential.type())
                .setParameter(5, credential.blob()).executeUpdate() > 0;
    }

    @Transactional
    void update(Credential credential) {
        entityManager.createNativeQuery("""
                update identity_credential set user_id = ?2, project_id = cast(?3 as varchar), type = ?4, blob = ?5
                where id = ?1""")
                .setParameter(1, credential.id()).setParameter(2, credential.userId())
                .setParameter(3, credential.projectId()).setParameter(4, credential.type())
                .setParameter(5, credential.blob()).executeUpdate();
    }

    @Transactional
    void delete(String id) {
        entityManager.createNativeQuery("delete from identity_credential where id = ?1").setParameter(1, id)
                .executeUpdate();
    }

    private static Credential credential(Object[] row) {
        return new Credential((String) row[0], (String) row[1], (String) row[2], (String) row[3], (String) row[4]);
    }
}
