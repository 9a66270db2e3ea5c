package dev.kumo.gateway.identity;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tokens revoked before their expiry. Keycloak's access tokens are self-contained, so the gateway keeps
 * the ids of revoked ones and refuses them until they expire.
 *
 * <p>A token found unrevoked is not looked up again for {@code kumo.identity.revocation-recheck} (1 s): a client
 * polling with one token costs one query a second instead of one per call. A revocation through this gateway
 * applies at once; one through another replica within that second (keystonemiddleware caches a validated token
 * for 300 s by default).
 */
@ApplicationScoped
public class RevokedTokens {

    private static final int REMEMBERED_MAX = 10_000;

    private final EntityManager entityManager;
    private final long recheckNanos;
    private final Map<String, Long> unrevokedAt = new ConcurrentHashMap<>();

    public RevokedTokens(EntityManager entityManager,
            @ConfigProperty(name = "kumo.identity.revocation-recheck", defaultValue = "1s") Duration recheck) {
        this.entityManager = entityManager;
        this.recheckNanos = recheck.toNanos();
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
        unrevokedAt.remove(claims.tokenId());
    }

    public boolean isRevoked(String tokenId) {
        if (tokenId == null) {
            return false;
        }
        long now = System.nanoTime();
        Long checked = unrevokedAt.get(tokenId);
        if (checked != null && now - checked < recheckNanos) {
            return false;
        }
        boolean revoked = !entityManager.createNativeQuery("select 1 from revoked_token where token_id = :id")
                .setParameter("id", tokenId)
                .getResultList().isEmpty();
        if (!revoked) {
            if (unrevokedAt.size() >= REMEMBERED_MAX) {
                unrevokedAt.clear();
            }
            unrevokedAt.put(tokenId, now);
        }
        return revoked;
    }

    @Scheduled(every = "10m")
    @Transactional
    void forgetExpired() {
        entityManager.createNativeQuery("delete from revoked_token where expires_at < :now")
                .setParameter("now", Timestamp.from(Instant.now()))
                .executeUpdate();
    }
}
