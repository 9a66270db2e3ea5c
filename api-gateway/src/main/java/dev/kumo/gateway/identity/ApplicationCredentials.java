package dev.kumo.gateway.identity;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Application credentials' life: creation (a Keycloak client holding the secret, then the row), authentication
 * (the client-credentials grant, after checking expiry and that the owner still holds the roles), deletion
 * (client first, so the secret stops working at once), and whether a credential still stands, which every
 * call made with one of its tokens asks ({@link RevocationCheck}).
 */
@ApplicationScoped
public class ApplicationCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakAdmin admin;
    private final Keycloak keycloak;
    private final Clock clock;

    public ApplicationCredentials(KeycloakAdmin admin, Keycloak keycloak) {
        this.admin = admin;
        this.keycloak = keycloak;
        this.clock = Clock.systemUTC();
    }

    /** A credential just created, with the secret that is shown this once. */
    public record Created(ApplicationCredential credential, String secret) {
    }

    /** A token issued for a credential. */
    public record Issued(ApplicationCredential credential, String accessToken) {
    }

    public Created create(TokenClaims owner, NewApplicationCredential request) {
        if (request.expiresAt() != null && !request.expiresAt().isAfter(clock.instant())) {
            throw IdentityError.badRequest("The expiration time of the application credential, "
                    + request.expiresAt() + ", is in the past.");
        }
        if (ApplicationCredential.ofUserByName(owner.userId(), request.name()).isPresent()) {
            throw conflict(request.name());
        }
        List<String> roles = request.roles() == null ? owner.roles() : request.roles();
        for (String role : roles) {
            if (!owner.roles().contains(role)) {
                throw IdentityError.notFound("Could not find role assignment with role: " + role
                        + ", user or group: " + owner.userId() + ", project, domain, or system: "
                        + owner.projectId() + ".");
            }
        }
        ApplicationCredential credential = new ApplicationCredential();
        credential.id = UUID.randomUUID().toString().replace("-", "");
        credential.userId = owner.userId();
        credential.userName = owner.userName();
        credential.name = request.name();
        credential.description = request.description();
        credential.projectId = owner.projectId();
        credential.projectName = owner.projectName();
        credential.roles = String.join(",", roles);
        credential.unrestricted = request.unrestricted();
        credential.expiresAt = request.expiresAt();
        credential.createdAt = clock.instant();
        String secret = request.secret() != null ? request.secret() : newSecret();
        credential.clientUuid = admin.createCredentialClient(credential, secret);
        try {
            QuarkusTransaction.requiringNew().run(credential::persist);
        } catch (RuntimeException e) {
            admin.deleteClient(credential.clientUuid);
            if (causedBy(e, ConstraintViolationException.class)) {
                throw conflict(request.name());
            }
            throw e;
        }
        return new Created(credential, secret);
    }

    public Issued authenticate(ApplicationCredentialAuthRequest request) {
        ApplicationCredential credential = find(request).orElseThrow(IdentityError::unauthorized);
        if (credential.isExpired(clock.instant()) || !request.scopeMatches(credential)) {
            throw IdentityError.unauthorized();
        }
        List<String> ownerRoles = admin.realmRolesOfEnabledUser(credential.userId).orElseThrow(
                IdentityError::unauthorized);
        if (!ownerRoles.containsAll(credential.roleNames())) {
            throw IdentityError.unauthorized();
        }
        return new Issued(credential, keycloak.clientCredentialsGrant(credential.clientId(), request.secret()));
    }

    public void delete(ApplicationCredential credential) {
        admin.deleteClient(credential.clientUuid);
        QuarkusTransaction.requiringNew().run(() -> ApplicationCredential.deleteById(credential.id));
    }

    /** The credential if it still stands: not deleted, not expired. */
    public Optional<ApplicationCredential> standing(String id) {
        return ApplicationCredential.<ApplicationCredential>findByIdOptional(id)
                .filter(credential -> !credential.isExpired(clock.instant()));
    }

    private static Optional<ApplicationCredential> find(ApplicationCredentialAuthRequest request) {
        if (request.id() != null) {
            return ApplicationCredential.<ApplicationCredential>findByIdOptional(request.id())
                    .filter(c -> request.userId() == null || c.userId.equals(request.userId()))
                    .filter(c -> request.userName() == null || c.userName.equals(request.userName()));
        }
        return request.userId() != null
                ? ApplicationCredential.ofUserByName(request.userId(), request.name())
                : ApplicationCredential.ofUserNameByName(request.userName(), request.name());
    }

    /**
     * 64 random bytes, URL-safe. A secret never starts with '-': users pass it as a command-line argument
     * ({@code --os-application-credential-secret <secret>}), where a leading dash reads as an option.
     */
    static String newSecret() {
        byte[] bytes = new byte[64];
        String secret;
        do {
            RANDOM.nextBytes(bytes);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (secret.startsWith("-"));
        return secret;
    }

    private static IdentityError conflict(String name) {
        return new IdentityError(409, "Conflict occurred attempting to store application_credential - "
                + "Duplicate entry found with name " + name + ".");
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
