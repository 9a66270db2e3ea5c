package dev.kumo.gateway.identity;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses tokens revoked through the Keystone facade, on every authenticated call. */
@ApplicationScoped
public class RevocationCheck {

    private final RevokedTokens revoked;
    private final SecurityIdentity identity;

    public RevocationCheck(RevokedTokens revoked, SecurityIdentity identity) {
        this.revoked = revoked;
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
    }
}
