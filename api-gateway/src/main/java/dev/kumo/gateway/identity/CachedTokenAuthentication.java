package dev.kumo.gateway.identity;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Tried before Quarkus OIDC: a token it verified before (see {@link VerifiedTokens}) is answered from memory;
 * any other token, or none, is left to OIDC, which verifies it and, through {@link RememberVerifiedTokens}, lets
 * the next call with it take this shortcut. Not on the portal's paths, which only its browser sessions reach.
 */
@ApplicationScoped
public class CachedTokenAuthentication implements HttpAuthenticationMechanism {

    static final String TOKEN_HEADER = "X-Auth-Token";

    private final VerifiedTokens verified;

    public CachedTokenAuthentication(VerifiedTokens verified) {
        this.verified = verified;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = context.request().getHeader(TOKEN_HEADER);
        if (token == null || token.isEmpty() || isPortal(context)) {
            return Uni.createFrom().nullItem();
        }
        return verified.identityOf(token)
                .<SecurityIdentity>map(identity -> QuarkusSecurityIdentity.builder(identity)
                        .addAttribute(RoutingContext.class.getName(), context)
                        .build())
                .map(identity -> Uni.createFrom().item(identity))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    /** The portal is its own OIDC tenant (a browser session): API tokens do not log in there. */
    private static boolean isPortal(RoutingContext context) {
        String path = context.normalizedPath();
        return path.equals("/portal") || path.startsWith("/portal/");
    }

    /** No challenge of its own: OIDC's applies. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
