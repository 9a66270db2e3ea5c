package dev.kumo.gateway.keypairs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.Links;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.quotas.QuotaResource;
import dev.kumo.gateway.quotas.Quotas;
import dev.kumo.gateway.servers.ServerView;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Nova's {@code os-keypairs}: import or generate, list, show, delete a user's keypairs. */
@Path("/compute/v2.1/os-keypairs")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class KeypairResource {

    private static final Pattern NAME = Pattern.compile("^(?! )[a-zA-Z0-9. _-]+(?<! )$");

    private final Caller caller;
    private final RequestedMicroversion version;
    private final Quotas quotas;

    @Context
    UriInfo uri;

    public KeypairResource(Caller caller, RequestedMicroversion version, Quotas quotas) {
        this.caller = caller;
        this.version = version;
        this.quotas = quotas;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response create(JsonNode body) {
        caller.requireChange("os_compute_api:os-keypairs:create");
        JsonNode request = Fields.object(body, "keypair");
        Set<String> allowed = new HashSet<>(Set.of("name", "public_key"));
        if (version.atLeast(2)) {
            allowed.add("type");
        }
        if (version.atLeast(10)) {
            allowed.add("user_id");
        }
        Fields.onlyKnown(request, allowed);
        String name = Fields.requiredString(request, "name", 1, 255);
        if (!NAME.matcher(name).matches()) {
            throw ComputeError.badRequest("Keypair data is invalid: Keypair name contains unsafe characters");
        }
        String type = type(request);
        String userId = owner(Fields.optionalString(request, "user_id", 1, 255));
        String publicKey = Fields.optionalString(request, "public_key", 1, 65535);
        if (Keypair.of(userId, name).isPresent()) {
            throw ComputeError.conflict("Key pair '" + name + "' already exists.");
        }
        quotas.checkCount(caller.projectId(), QuotaResource.KEY_PAIRS, Keypair.countOf(userId) + 1);
        Keypair keypair = new Keypair();
        keypair.userId = userId;
        keypair.name = name;
        keypair.type = type;
        keypair.createdAt = Instant.now();
        String privateKey = null;
        if (publicKey == null) {
            String[] generated = "x509".equals(type) ? SelfSignedCertificates.generate(userId)
                    : PublicKeys.generateSsh("Generated-by-Kumo");
            publicKey = generated[0];
            privateKey = generated[1];
        }
        keypair.publicKey = publicKey.strip();
        keypair.fingerprint = "x509".equals(type) ? PublicKeys.x509Fingerprint(keypair.publicKey)
                : PublicKeys.sshFingerprint(keypair.publicKey);
        keypair.persist();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", keypair.name);
        view.put("public_key", keypair.publicKey);
        view.put("fingerprint", keypair.fingerprint);
        view.put("user_id", keypair.userId);
        if (privateKey != null) {
            view.put("private_key", privateKey);
        }
        if (version.atLeast(2)) {
            view.put("type", keypair.type);
        }
        return Response.status(version.atLeast(2) ? 201 : 200).entity(Map.of("keypair", view)).build();
    }

    @GET
    public Map<String, Object> list(@QueryParam("user_id") String userId, @QueryParam("limit") String limit,
            @QueryParam("marker") String marker) {
        List<Keypair> keypairs = Keypair.ofUser(owner(version.atLeast(10) ? userId : null));
        if (version.atLeast(35) && marker != null) {
            int at = keypairs.stream().map(k -> k.name).toList().indexOf(marker);
            if (at < 0) {
                throw ComputeError.badRequest("marker [" + marker + "] not found");
            }
            keypairs = keypairs.subList(at + 1, keypairs.size());
        }
        Integer pageSize = version.atLeast(35) && limit != null
                ? Fields.integer("limit", new com.fasterxml.jackson.databind.node.TextNode(limit), 0, Integer.MAX_VALUE)
                : null;
        boolean more = pageSize != null && keypairs.size() > pageSize;
        if (pageSize != null && keypairs.size() > pageSize) {
            keypairs = keypairs.subList(0, pageSize);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keypairs", keypairs.stream().map(k -> Map.of("keypair", summary(k))).toList());
        if (more && !keypairs.isEmpty()) {
            body.put("keypairs_links", List.of(Map.of("rel", "next", "href", Links.computeRoot(uri)
                    + "/v2.1/os-keypairs?limit=" + pageSize + "&marker=" + keypairs.get(keypairs.size() - 1).name)));
        }
        return body;
    }

    @GET
    @Path("/{name}")
    public Map<String, Object> show(@PathParam("name") String name, @QueryParam("user_id") String userId) {
        Keypair keypair = found(name, userId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", keypair.id);
        view.put("name", keypair.name);
        view.put("public_key", keypair.publicKey);
        view.put("fingerprint", keypair.fingerprint);
        view.put("user_id", keypair.userId);
        view.put("created_at", ServerView.usageTime(keypair.createdAt));
        view.put("updated_at", null);
        view.put("deleted_at", null);
        view.put("deleted", false);
        if (version.atLeast(2)) {
            view.put("type", keypair.type);
        }
        return Map.of("keypair", view);
    }

    @DELETE
    @Path("/{name}")
    @Transactional
    public Response delete(@PathParam("name") String name, @QueryParam("user_id") String userId) {
        caller.requireChange("os_compute_api:os-keypairs:delete");
        found(name, userId).delete();
        return Response.status(version.atLeast(2) ? 204 : 202).build();
    }

    private Keypair found(String name, String userId) {
        return Keypair.of(owner(version.atLeast(10) ? userId : null), name)
                .orElseThrow(() -> ComputeError.notFound("Keypair " + name + " not found for user "
                        + caller.userId()));
    }

    private Map<String, Object> summary(Keypair keypair) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", keypair.name);
        view.put("public_key", keypair.publicKey);
        view.put("fingerprint", keypair.fingerprint);
        if (version.atLeast(2)) {
            view.put("type", keypair.type);
        }
        return view;
    }

    /** Whose keypairs: the caller's, or (admins, 2.10+) the named user's. */
    private String owner(String userId) {
        if (userId == null || userId.equals(caller.userId())) {
            return caller.userId();
        }
        caller.requireAdmin("os_compute_api:os-keypairs:index");
        return userId;
    }

    private String type(JsonNode request) {
        String type = Fields.optionalString(request, "type", 1, 8);
        if (type == null) {
            return "ssh";
        }
        if (!type.equals("ssh") && !type.equals("x509")) {
            throw Fields.invalid("type", type, "'" + type + "' is not one of ['ssh', 'x509'].");
        }
        return type;
    }
}
