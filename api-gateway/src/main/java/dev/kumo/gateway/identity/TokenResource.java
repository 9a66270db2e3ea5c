package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keystone v3 tokens, backed by Keycloak: issuing checks the password (or the application credential's
 * secret) with Keycloak and returns its access token as {@code X-Subject-Token}, with the service catalog;
 * validation asks Keycloak whether it still accepts the token, and for a credential's token whether the
 * credential still stands; revocation remembers the token's id until it expires.
 */
@Path("/identity/v3/auth")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    static final String SUBJECT_TOKEN = "X-Subject-Token";

    private final Keycloak keycloak;
    private final RevokedTokens revoked;
    private final ApplicationCredentials credentials;
    private final KeycloakAdmin admin;
    private final String region;
    private final Projects projects;
    private final Assignments assignments;
    private final Users users;

    @Context
    UriInfo uri;

    public TokenResource(Keycloak keycloak, RevokedTokens revoked, ApplicationCredentials credentials,
            KeycloakAdmin admin, @ConfigProperty(name = "kumo.region") String region, Projects projects,
            Assignments assignments, Users users) {
        this.projects = projects;
        this.assignments = assignments;
        this.users = users;
        this.admin = admin;
        this.keycloak = keycloak;
        this.revoked = revoked;
        this.credentials = credentials;
        this.region = region;
    }

    @POST
    @Path("/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issue(JsonNode body) {
        String method = PasswordAuthRequest.method(body);
        if (method.equals(ApplicationCredentialAuthRequest.METHOD)) {
            return issueForApplicationCredential(ApplicationCredentialAuthRequest.from(body));
        }
        if (method.equals(TokenAuthRequest.METHOD)) {
            return issueForToken(TokenAuthRequest.from(body));
        }
        PasswordAuthRequest request = PasswordAuthRequest.from(body);
        requireUserDomain(request);
        String accessToken = passwordGrant(request);
        TokenClaims claims = TokenClaims.of(accessToken);
        if (request.userId() != null && !request.userId().equals(claims.userId())) {
            throw IdentityError.unauthorized();
        }
        if (!request.scopeMatches(claims)) {
            accessToken = rescoped(request, claims);
            claims = TokenClaims.of(accessToken);
        }
        // Without a scope Keystone scopes the token to the user's default project: in Kumo, their project.
        return Response.status(201)
                .header(SUBJECT_TOKEN, accessToken)
                .entity(KeystoneToken.body(claims, catalog()))
                .build();
    }

    /**
     * A token for another project the user holds a role on: Kumo's tokens carry the user's default project,
     * so the default moves there and Keycloak issues a new token.
     */
    private String rescoped(PasswordAuthRequest request, TokenClaims claims) {
        Projects.Project target = (request.projectId() != null ? projects.project(request.projectId())
                : projects.projects(PasswordAuthRequest.DEFAULT_DOMAIN_ID).stream()
                        .filter(project -> project.name().equals(request.projectName())).findFirst())
                .orElseThrow(IdentityError::unauthorized);
        boolean holdsRole = assignments.ofUser(claims.userId()).stream()
                .anyMatch(assignment -> target.id().equals(assignment.scope().projectId()));
        if (!holdsRole || !target.enabled()) {
            throw IdentityError.unauthorized();
        }
        users.update(claims.userId(), null, null, null, null, target.id(), target.name());
        String accessToken = passwordGrant(request);
        if (!request.scopeMatches(TokenClaims.of(accessToken))) {
            throw IdentityError.unauthorized();
        }
        return accessToken;
    }

    /** A user named in a domain other than the default must be in that domain: names are unique per domain. */
    private void requireUserDomain(PasswordAuthRequest request) {
        String id = request.userDomainId();
        String name = request.userDomainName();
        if ((id == null || id.equals(PasswordAuthRequest.DEFAULT_DOMAIN_ID))
                && (name == null || name.equals(PasswordAuthRequest.DEFAULT_DOMAIN_NAME))) {
            return;
        }
        Projects.Domain domain = (id != null ? projects.domain(id)
                : projects.domains().stream().filter(d -> d.name().equals(name)).findFirst())
                .orElseThrow(IdentityError::unauthorized);
        if (!domain.enabled() || (name != null && !name.equals(domain.name()))) {
            throw IdentityError.unauthorized();
        }
        if (request.userName() != null) {
            String username = users.usernameOfRenamed(request.userName()).orElse(request.userName());
            boolean inDomain = users.list().stream().anyMatch(user -> user.domainId().equals(domain.id())
                    && (user.name().equals(request.userName()) || user.name().equalsIgnoreCase(username)));
            if (!inDomain) {
                throw IdentityError.unauthorized();
            }
        }
    }

    /** Keycloak's password grant; a user renamed through Keystone is found by the new name. */
    private String passwordGrant(PasswordAuthRequest request) {
        try {
            return keycloak.passwordGrant(userName(request), request.password());
        } catch (IdentityError refused) {
            if (refused.status() != 401 || request.userName() == null) {
                throw refused;
            }
            String username = users.usernameOfRenamed(request.userName()).orElseThrow(() -> refused);
            if (username.equals(request.userName())) {
                throw refused;
            }
            return keycloak.passwordGrant(username, request.password());
        }
    }

    /** Keycloak's password grant takes a user name: a user given by id is looked up. */
    private String userName(PasswordAuthRequest request) {
        if (request.userName() != null) {
            return request.userName();
        }
        return admin.user(request.userId()).map(KeycloakAdmin.User::name).orElseThrow(IdentityError::unauthorized);
    }

    private Response issueForApplicationCredential(ApplicationCredentialAuthRequest request) {
        ApplicationCredentials.Issued issued = credentials.authenticate(request);
        return Response.status(201)
                .header(SUBJECT_TOKEN, issued.accessToken())
                .entity(KeystoneToken.body(TokenClaims.of(issued.accessToken()), catalog(),
                        issued.credential()))
                .build();
    }

    /**
     * A token for a token: Kumo's tokens cannot be re-scoped (each is bound to its project), so a valid token
     * is answered with itself, as long as the scope asked for, if any, is its own.
     */
    private Response issueForToken(TokenAuthRequest request) {
        TokenClaims claims;
        try {
            claims = acceptedSubject(request.token());
        } catch (IdentityError invalid) {
            throw invalid.status() == 404 ? IdentityError.unauthorized() : invalid;
        }
        if (!request.scopeMatches(claims)) {
            throw IdentityError.unauthorized();
        }
        return Response.status(201)
                .header(SUBJECT_TOKEN, request.token())
                .entity(KeystoneToken.body(List.of(TokenAuthRequest.METHOD), claims, catalog(), standing(claims)))
                .build();
    }

    private ApplicationCredential standing(TokenClaims claims) {
        return claims.fromApplicationCredential()
                ? credentials.standing(claims.applicationCredentialId()).orElse(null)
                : null;
    }

    @GET
    @Path("/tokens")
    @Authenticated
    public Response validate(@HeaderParam(SUBJECT_TOKEN) String subjectToken) {
        TokenClaims claims = acceptedSubject(subjectToken);
        return Response.ok(KeystoneToken.body(claims, catalog(), standing(claims)))
                .header(SUBJECT_TOKEN, subjectToken).build();
    }

    @HEAD
    @Path("/tokens")
    @Authenticated
    public Response check(@HeaderParam(SUBJECT_TOKEN) String subjectToken) {
        acceptedSubject(subjectToken);
        return Response.ok().build();
    }

    @DELETE
    @Path("/tokens")
    @Authenticated
    public Response revoke(@HeaderParam(SUBJECT_TOKEN) String subjectToken) {
        revoked.revoke(acceptedSubject(subjectToken));
        return Response.noContent().build();
    }

    @GET
    @Path("/catalog")
    @Authenticated
    public Map<String, Object> catalogOfCaller() {
        return Map.of("catalog", catalog(), "links", Map.of("self", uri.getRequestUri().toString()));
    }

    @GET
    @Path("/projects")
    @Authenticated
    public Map<String, Object> projects(@HeaderParam("X-Auth-Token") String token) {
        TokenClaims claims = TokenClaims.of(token);
        List<Map<String, Object>> projects = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (claims.projectId() != null && seen.add(claims.projectId())) {
            projects.add(ProjectResource.body(claims.projectId(), claims.projectName(), uri));
        }
        if (!claims.fromApplicationCredential()) {
            for (Assignments.Assignment assignment : held(claims)) {
                String projectId = assignment.scope().projectId();
                if (projectId != null && seen.add(projectId)) {
                    this.projects.project(projectId).filter(Projects.Project::enabled)
                            .ifPresent(project -> projects.add(ProjectResource.body(project, uri)));
                }
            }
        }
        return Map.of("projects", projects, "links", Map.of("self", uri.getRequestUri().toString()));
    }

    /**
     * The domains the user holds a role on (Keystone lists them as scopes; Kumo's tokens are always
     * project-scoped, so they are listed, not scoped to).
     */
    @GET
    @Path("/domains")
    @Authenticated
    public Map<String, Object> domains(@HeaderParam("X-Auth-Token") String token) {
        TokenClaims claims = TokenClaims.of(token);
        List<Map<String, Object>> domains = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (!claims.fromApplicationCredential()) {
            for (Assignments.Assignment assignment : held(claims)) {
                String domainId = assignment.scope().domainId();
                if (domainId != null && seen.add(domainId)) {
                    projects.domain(domainId).filter(Projects.Domain::enabled)
                            .ifPresent(domain -> domains.add(DomainResource.body(domain, uri)));
                }
            }
        }
        return Map.of("domains", domains, "links", Map.of("self", uri.getRequestUri().toString()));
    }

    /** The user's own role assignments; none when Keycloak is not there to ask (a token alone still works). */
    private List<Assignments.Assignment> held(TokenClaims claims) {
        try {
            return assignments.ofUser(claims.userId());
        } catch (IdentityError unavailable) {
            if (unavailable.status() != 503) {
                throw unavailable;
            }
            return List.of();
        }
    }

    private TokenClaims acceptedSubject(String subjectToken) {
        if (subjectToken == null || subjectToken.isBlank()) {
            throw IdentityError.badRequest("Expecting to find X-Subject-Token in the request.");
        }
        TokenClaims claims = TokenClaims.of(subjectToken);
        if (revoked.isRevoked(claims.tokenId())
                || (claims.fromApplicationCredential()
                        && credentials.standing(claims.applicationCredentialId()).isEmpty())
                || !keycloak.accepts(subjectToken)) {
            throw IdentityError.notFound("Failed to validate token");
        }
        return claims;
    }

    private List<Map<String, Object>> catalog() {
        return ServiceCatalog.of(base(), region);
    }

    private String base() {
        return KeystoneLinks.base(uri);
    }
}
