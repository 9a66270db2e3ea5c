package dev.kumo.gateway.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Keystone application credential: a named, revocable secret of one user that authenticates as that user
 * in one project with a subset of their roles. The secret itself is kept by Keycloak only (it is the secret of
 * the confidential client {@link #clientId()}); this row is what Keystone shows about the credential.
 */
@Entity
@Table(name = "application_credential")
public class ApplicationCredential extends PanacheEntityBase {

    /** Prefix of the Keycloak client id that backs a credential: {@code appcred-<credential id>}. */
    public static final String CLIENT_PREFIX = "appcred-";

    @Id
    public String id;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "user_name")
    public String userName;

    public String name;

    public String description;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "project_name")
    public String projectName;

    /** Role names, comma-separated. */
    public String roles;

    public boolean unrestricted;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** Keycloak's internal id of the backing client (for the admin API). */
    @Column(name = "client_uuid")
    public String clientUuid;

    @Column(name = "created_at")
    public Instant createdAt;

    public String clientId() {
        return CLIENT_PREFIX + id;
    }

    public List<String> roleNames() {
        return roles == null || roles.isBlank() ? List.of() : Arrays.asList(roles.split(","));
    }

    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public static Optional<ApplicationCredential> ofUser(String userId, String id) {
        return find("userId = ?1 and id = ?2", userId, id).firstResultOptional();
    }

    public static Optional<ApplicationCredential> ofUserByName(String userId, String name) {
        return find("userId = ?1 and name = ?2", userId, name).firstResultOptional();
    }

    public static Optional<ApplicationCredential> ofUserNameByName(String userName, String name) {
        return find("userName = ?1 and name = ?2", userName, name).firstResultOptional();
    }

    public static List<ApplicationCredential> listOfUser(String userId, String name) {
        return name == null
                ? list("userId = ?1 order by createdAt, id", userId)
                : list("userId = ?1 and name = ?2 order by createdAt, id", userId, name);
    }
}
