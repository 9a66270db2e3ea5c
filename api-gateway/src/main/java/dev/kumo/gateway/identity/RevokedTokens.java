package dev.kumo.gateway.identity;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Tokens revoked before their expiry. Keycloak's access tokens are self-contained, so the gateway keeps
 * the ids of revoked ones and refuses them until they expire.
 */
@ApplicationScoped
public class RevokedTokens {

    private final EntityManager entityManager;

    public RevokedTokens(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional
    public void revoke(TokenClaims claims) {
        if (claims.tokenId() == null) {
            return;
        }
        entityManager.createNativeQuery("""
                insert into revoked_token (token_id, expires_at) values (:id, :expiresAt) on conflict do nothing
                """)
                .setParameter("id", claims.tokenId())
                .setParameter("expiresAt", Timestamp.from(claims.expiresAt()))
                .executeUpdate();
    }

    public boolean isRevoked(String tokenId) {
        if (tokenId == null) {
            return false;
        }
        return !entityManager.createNativeQuery("select 1 from revoked_token where token_id = :id")
                .setParameter("id", tokenId)
                .getResultList().isEmpty();
    }

    @Scheduled(every = "10m")
    @Transactional
    void forgetExpired() {
        entityManager.createNativeQuery("delete from revoked_token where expires_at < :now")
                .setParameter("now", Timestamp.from(Instant.now()))
                .executeUpdate();
    }
}
