package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keystone's credentials ({@code /v3/credentials}): a user keeps their own, admins see and keep anyone's;
 * another user's credential is 404 to a non-admin. As in Keystone an EC2 credential's id is the SHA-256 of
 * its access key, so the same key cannot be stored twice (409).
 */
@Path("/identity/v3/credentials")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class CredentialResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Caller caller;
    private final Credentials credentials;
    private final Users users;

    @Context
    UriInfo uri;

    public CredentialResource(Caller caller, Credentials credentials, Users users) {
        this.caller = caller;
        this.credentials = credentials;
        this.users = users;
    }

    @GET
    public Map<String, Object> list(@QueryParam("user_id") String userId, @QueryParam("type") String type) {
        String owner = caller.isAdmin() ? userId : caller.userId();
        return Map.of("credentials", credentials.list(owner).stream()
                .filter(credential -> userId == null || userId.equals(credential.userId()))
                .filter(credential -> type == null || type.equals(credential.type()))
                .map(this::body).toList(), "links", KeystoneLinks.collection(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        JsonNode credential = KeystoneRequest.object(body, "credential");
        String userId = KeystoneRequest.required(credential, "user_id");
        String type = KeystoneRequest.required(credential, "type");
        String blob = KeystoneRequest.required(credential, "blob");
        if (!userId.equals(caller.userId())) {
            if (!caller.isAdmin()) {
                throw IdentityError.forbidden("identity:create_credential");
            }
            users.require(userId);
        }
        String projectId = KeystoneRequest.text(credential, "project_id");
        Credentials.Credential created = new Credentials.Credential(idFor(type, blob, projectId), userId, projectId,
                type, blob);
        if (!credentials.create(created)) {
            throw new IdentityError(409, "Conflict occurred attempting to store credential - Duplicate ID, "
                    + created.id() + ".");
        }
        return Response.status(201).entity(Map.of("credential", body(created))).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("credential", body(require(id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        JsonNode changes = KeystoneRequest.object(body, "credential");
        Credentials.Credential credential = require(id);
        String userId = KeystoneRequest.text(changes, "user_id");
        if (userId != null && !userId.equals(credential.userId()) && !caller.isAdmin()) {
            throw IdentityError.forbidden("identity:update_credential");
        }
        String type = KeystoneRequest.text(changes, "type");
        String blob = KeystoneRequest.text(changes, "blob");
        Credentials.Credential updated = new Credentials.Credential(id,
                userId == null ? credential.userId() : userId,
                changes.has("project_id") ? KeystoneRequest.text(changes, "project_id") : credential.projectId(),
                type == null ? credential.type() : type, blob == null ? credential.blob() : blob);
        if (updated.type().equals("ec2")) {
            access(updated.blob());
            if (updated.projectId() == null) {
                throw IdentityError.badRequest("Invalid input for field 'project_id': EC2 credentials need one.");
            }
        }
        credentials.update(updated);
        return Map.of("credential", body(updated));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        credentials.delete(require(id).id());
        return Response.noContent().build();
    }

    /** The credential, if the caller may see it: their own, or any for an admin. */
    private Credentials.Credential require(String id) {
        return credentials.get(id)
                .filter(credential -> caller.isAdmin() || credential.userId().equals(caller.userId()))
                .orElseThrow(() -> IdentityError.notFound("Could not find credential: " + id + "."));
    }

    private static String idFor(String type, String blob, String projectId) {
        if (!type.equals("ec2")) {
            return Catalog.newId();
        }
        if (projectId == null) {
            throw IdentityError.badRequest("Invalid input for field 'project_id': EC2 credentials need one.");
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(access(blob).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The access key of an EC2 credential's blob, or a 400. */
    private static String access(String blob) {
        try {
            String access = JSON.readTree(blob).path("access").asText(null);
            if (access == null || access.isBlank()) {
                throw IdentityError.badRequest("Invalid blob in credential: an EC2 credential needs an access key.");
            }
            return access;
        } catch (IOException e) {
            throw IdentityError.badRequest("Invalid blob in credential: it is not JSON.");
        }
    }

    private Map<String, Object> body(Credentials.Credential credential) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", credential.id());
        body.put("user_id", credential.userId());
        body.put("project_id", credential.projectId());
        body.put("type", credential.type());
        body.put("blob", credential.blob());
        body.put("links", KeystoneLinks.self(uri, "/identity/v3/credentials/" + credential.id()));
        return body;
    }
}
