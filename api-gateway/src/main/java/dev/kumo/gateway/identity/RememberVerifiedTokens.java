package dev.kumo.gateway.identity;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Remembers each identity OIDC has just verified from an access token, until the token's expiry. */
@ApplicationScoped
public class RememberVerifiedTokens implements SecurityIdentityAugmentor {

    private final VerifiedTokens verified;

    public RememberVerifiedTokens(VerifiedTokens verified) {
        this.verified = verified;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential != null && identity.getPrincipal() instanceof JsonWebToken token
                && token.getExpirationTime() > 0) {
            verified.remember(credential.getToken(), identity, Instant.ofEpochSecond(token.getExpirationTime()));
        }
        return Uni.createFrom().item(identity);
    }

    /** Last of the augmentors, so that what it keeps is the identity as the others left it. */
    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }
}
