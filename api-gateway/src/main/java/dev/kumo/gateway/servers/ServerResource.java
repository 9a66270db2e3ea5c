package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.Paging;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Nova's servers: create, list (filtered and paged), show, update and delete. */
@Path("/compute/v2.1/servers")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerResource {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Servers servers;
    private final Caller caller;
    private final RequestedMicroversion version;
    private final ServerListCache lists;
    private final HostStatuses hostStatuses;

    @Context
    UriInfo uri;

    @Context
    jakarta.ws.rs.core.HttpHeaders headers;

    public ServerResource(Servers servers, Caller caller, RequestedMicroversion version, ServerListCache lists,
            HostStatuses hostStatuses) {
        this.hostStatuses = hostStatuses;
        this.servers = servers;
        this.caller = caller;
        this.version = version;
        this.lists = lists;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        caller.requireChange("os_compute_api:servers:create");
        CreateServerRequest request = CreateServerRequest.from(body, version.get());
        List<Instance> created = servers.create(request, caller);
        Instance first = created.get(0);
        if (request.returnReservationId()) {
            return Response.accepted(Map.of("reservation_id", first.reservationId)).build();
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("id", first.id.toString());
        server.put("links", view().links(first));
        server.put("OS-DCF:diskConfig", "MANUAL");
        server.put("security_groups", first.securityGroupNames().stream().map(name -> Map.of("name", name))
                .toList());
        server.put("adminPass", request.adminPass() != null ? request.adminPass() : adminPass());
        return Response.accepted(Map.of("server", server))
                .location(URI.create(uri.getBaseUri() + "compute/v2.1/servers/" + first.id))
                .build();
    }

    @GET
    public Response list() {
        return cached("list", () -> page(view()::summary));
    }

    @GET
    @Path("/detail")
    public Response detail() {
        if (showsHostStatus()) {
            Map<String, String> statuses = hostStatuses.byHost();
            return cached("detail|" + statuses.hashCode(), () -> page(view(statuses)::detail));
        }
        return cached("detail", () -> page(view()::detail));
    }

    /**
     * Lists of one scope are reused until an instance in it changes (see {@link ServerListCache}); no transaction
     * here, so that a reused list costs one shared freshness query and no transaction of its own.
     */
    private Response cached(String kind, java.util.function.Supplier<Map<String, Object>> render) {
        boolean everyProject = caller.isAdmin() && uri.getQueryParameters().containsKey("all_tenants");
        String key = String.join("|", kind, uri.getRequestUri().toString(), caller.projectId(),
                String.valueOf(caller.isAdmin()), version.get().toString());
        ServerListCache.Rendered body = lists.list(key, everyProject ? null : caller.projectId(), render);
        String accepted = headers.getHeaderString("Accept-Encoding");
        if (accepted != null && accepted.toLowerCase(java.util.Locale.ROOT).contains("gzip")) {
            return Response.ok(body.gzipped(), MediaType.APPLICATION_JSON_TYPE).header("Content-Encoding", "gzip")
                    .header("Vary", "Accept-Encoding").build();
        }
        return Response.ok(body.json(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/{id}")
    @Transactional
    public Map<String, Object> show(@PathParam("id") String id) {
        Instance instance = visible(id);
        return Map.of("server", (showsHostStatus() ? view(hostStatuses.byHost()) : view()).detail(instance));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        caller.requireChange("os_compute_api:servers:update");
        JsonNode server = Fields.object(body, "server");
        Set<String> allowed = new HashSet<>(Set.of("name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig"));
        if (version.atLeast(19)) {
            allowed.add("description");
        }
        Fields.onlyKnown(server, allowed);
        Instance instance = Servers.lockedFor(parseId(id), caller);
        Locks.check(instance, caller);
        if (server.has("name")) {
            instance.name = Fields.name(server, "name", 255);
            instance.hostname = Hostnames.of(instance.name);
        }
        if (server.has("description")) {
            instance.description = Fields.optionalString(server, "description", 0, 255);
        }
        if (server.has("accessIPv4")) {
            instance.accessIpv4 = emptyToNull(Fields.optionalString(server, "accessIPv4", 0, 64));
        }
        if (server.has("accessIPv6")) {
            instance.accessIpv6 = emptyToNull(Fields.optionalString(server, "accessIPv6", 0, 64));
        }
        instance.updatedAt = Instant.now();
        return Map.of("server", view().basic(instance));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        caller.requireChange("os_compute_api:servers:delete");
        servers.delete(parseId(id), caller);
        return Response.noContent().build();
    }

    private Map<String, Object> page(Function<Instance, Map<String, Object>> render) {
        List<Instance> found = Servers.listed(uri.getQueryParameters(), caller, version.atLeast(26));
        Paging.Page<Instance> page = Paging.page(found, instance -> instance.id.toString(),
                uri.getQueryParameters().getFirst("limit"), uri.getQueryParameters().getFirst("marker"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("servers", page.items().stream().map(render).toList());
        page.nextMarker().ifPresent(next -> body.put("servers_links", Paging.next(uri, next, page.limit())));
        return body;
    }

    private Instance visible(String id) {
        return Servers.visibleTo(parseId(id), caller);
    }

    private ServerView view() {
        return new ServerView(uri, version.get(), caller.isAdmin());
    }

    /** A view that also says, from 2.16 and to admins, whether each server's host is up, down or in maintenance. */
    private ServerView view(Map<String, String> statuses) {
        return new ServerView(uri, version.get(), caller.isAdmin(), statuses);
    }

    private boolean showsHostStatus() {
        return caller.isAdmin() && version.get().atLeast(16);
    }

    /** Ids that are not UUIDs name no instance: 404, like Nova. */
    static UUID parseId(String id) {
        if (!Fields.isUuid(id)) {
            throw ComputeError.notFound("Instance " + id + " could not be found.");
        }
        return Fields.uuid("id", id);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static String adminPass() {
        StringBuilder password = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            password.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
        }
        return password.toString();
    }
}
