package dev.kumo.gateway.identity;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses tokens revoked through the Keystone facade, and tokens of application credentials that were
 * deleted or have expired, on every authenticated call.
 */
@ApplicationScoped
public class RevocationCheck {

    private final RevokedTokens revoked;
    private final ApplicationCredentials credentials;
    private final SecurityIdentity identity;

    public RevocationCheck(RevokedTokens revoked, ApplicationCredentials credentials, SecurityIdentity identity) {
        this.revoked = revoked;
        this.credentials = credentials;
        this.identity = identity;
    }

    @ServerRequestFilter
    public void refuseRevoked() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return;
        }
        if (revoked.isRevoked(token.getTokenID())) {
            throw IdentityError.unauthorized();
        }
        Object credential = token.getClaim(KeycloakAdmin.CREDENTIAL_CLAIM);
        if (credential != null && credentials.standing(credential instanceof JsonString s ? s.getString()
                : credential.toString()).isEmpty()) {
            throw IdentityError.unauthorized();
        }
    }
}
