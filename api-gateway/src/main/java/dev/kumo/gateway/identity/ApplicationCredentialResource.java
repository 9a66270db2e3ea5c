package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keystone v3 application credentials of a user: create (the secret is shown once), list (by name too),
 * show and delete. Only the owner sees or manages their credentials; for anyone else, admins included, the
 * user's credentials do not exist (404). A token from a restricted credential may not manage credentials.
 */
@Path("/identity/v3/users/{user_id}/application_credentials")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ApplicationCredentialResource {

    private static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final ApplicationCredentials credentials;

    @Context
    UriInfo uri;

    public ApplicationCredentialResource(ApplicationCredentials credentials) {
        this.credentials = credentials;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("user_id") String userId, @HeaderParam("X-Auth-Token") String token,
            JsonNode body) {
        TokenClaims caller = owner(userId, token);
        requireManagingAllowed(caller);
        if (caller.projectId() == null) {
            throw new IdentityError(403, "An application credential needs a token scoped to a project.");
        }
        ApplicationCredentials.Created created = credentials.create(caller, NewApplicationCredential.from(body));
        Map<String, Object> view = view(created.credential());
        view.put("secret", created.secret());
        return Response.status(201).entity(Map.of("application_credential", view)).build();
    }

    @GET
    public Map<String, Object> list(@PathParam("user_id") String userId, @HeaderParam("X-Auth-Token") String token,
            @QueryParam("name") String name) {
        owner(userId, token);
        return Map.of("application_credentials",
                ApplicationCredential.listOfUser(userId, name).stream().map(this::view).toList(),
                "links", KeystoneLinks.collection(uri));
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("user_id") String userId, @PathParam("id") String id,
            @HeaderParam("X-Auth-Token") String token) {
        owner(userId, token);
        return Map.of("application_credential", view(ownCredential(userId, id)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("user_id") String userId, @PathParam("id") String id,
            @HeaderParam("X-Auth-Token") String token) {
        requireManagingAllowed(owner(userId, token));
        credentials.delete(ownCredential(userId, id));
        return Response.noContent().build();
    }

    /** The caller's claims, when the path names the caller; anyone else's credentials are not found. */
    private static TokenClaims owner(String userId, String token) {
        TokenClaims caller = TokenClaims.of(token);
        if (!userId.equals(caller.userId())) {
            throw IdentityError.notFound("Could not find user: " + userId + ".");
        }
        return caller;
    }

    /** Keystone: a restricted application credential cannot create or delete application credentials. */
    private void requireManagingAllowed(TokenClaims caller) {
        if (caller.fromApplicationCredential() && !credentials.standing(caller.applicationCredentialId())
                .map(credential -> credential.unrestricted).orElse(false)) {
            throw new IdentityError(403, "Using method 'application_credential' is not allowed for managing "
                    + "additional application credentials.");
        }
    }

    private static ApplicationCredential ownCredential(String userId, String id) {
        return ApplicationCredential.ofUser(userId, id).orElseThrow(
                () -> IdentityError.notFound("Could not find application credential: " + id + "."));
    }

    private Map<String, Object> view(ApplicationCredential credential) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", credential.id);
        view.put("name", credential.name);
        view.put("description", credential.description);
        view.put("user_id", credential.userId);
        view.put("project_id", credential.projectId);
        view.put("roles", credential.roleNames().stream()
                .map(role -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("id", role);
                    r.put("name", role);
                    r.put("domain_id", null);
                    return r;
                }).toList());
        view.put("expires_at", credential.expiresAt == null ? null : KEYSTONE_TIME.format(credential.expiresAt));
        view.put("unrestricted", credential.unrestricted);
        view.put("access_rules", List.of());
        view.put("links", KeystoneLinks.self(uri, "/identity/v3/users/" + credential.userId
                + "/application_credentials/" + credential.id));
        return view;
    }
}
