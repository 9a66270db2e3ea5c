package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Keystone's groups and their members, for admins (see {@link Groups} for where they live). */
@Path("/identity/v3/groups")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class GroupResource {

    private final Caller caller;
    private final Groups groups;
    private final Users users;
    private final Projects projects;

    @Context
    UriInfo uri;

    public GroupResource(Caller caller, Groups groups, Users users, Projects projects) {
        this.caller = caller;
        this.groups = groups;
        this.users = users;
        this.projects = projects;
    }

    @GET
    public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("domain_id") String domainId) {
        requireAdmin("identity:list_groups");
        return Map.of("groups", groups.list().stream()
                .filter(group -> name == null || group.name().equals(name))
                .filter(group -> domainId == null || group.domainId().equals(domainId))
                .map(group -> body(group, uri)).toList(), "links", KeystoneLinks.collection(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        requireAdmin("identity:create_group");
        JsonNode group = KeystoneRequest.object(body, "group");
        String domainId = KeystoneRequest.text(group, "domain_id");
        domainId = projects.requireDomain(domainId == null ? PasswordAuthRequest.DEFAULT_DOMAIN_ID : domainId).id();
        Groups.UserGroup created = groups.create(KeystoneRequest.required(group, "name", 64), domainId,
                KeystoneRequest.text(group, "description"));
        return Response.status(201).entity(Map.of("group", body(created, uri))).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        requireAdmin("identity:get_group");
        return Map.of("group", body(groups.require(id), uri));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        requireAdmin("identity:update_group");
        JsonNode changes = KeystoneRequest.object(body, "group");
        Groups.UserGroup group = groups.require(id);
        String name = KeystoneRequest.text(changes, "name");
        Groups.UserGroup updated = groups.update(new Groups.UserGroup(group.id(), name == null ? group.name() : name,
                group.domainId(), changes.has("description") ? KeystoneRequest.text(changes, "description")
                        : group.description()));
        return Map.of("group", body(updated, uri));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        requireAdmin("identity:delete_group");
        groups.delete(groups.require(id).id());
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/users")
    public Map<String, Object> members(@PathParam("id") String id) {
        requireAdmin("identity:list_users_in_group");
        groups.require(id);
        return Map.of("users", groups.members(id).stream().map(users::user).flatMap(Optional::stream)
                .map(user -> UserResource.body(user, uri)).toList(), "links", KeystoneLinks.collection(uri));
    }

    @PUT
    @Path("/{id}/users/{user_id}")
    public Response add(@PathParam("id") String id, @PathParam("user_id") String userId) {
        requireAdmin("identity:add_user_to_group");
        groups.require(id);
        groups.add(id, users.require(userId).id());
        return Response.noContent().build();
    }

    @HEAD
    @Path("/{id}/users/{user_id}")
    public Response check(@PathParam("id") String id, @PathParam("user_id") String userId) {
        return checkMember(id, userId);
    }

    @GET
    @Path("/{id}/users/{user_id}")
    public Response checkMember(@PathParam("id") String id, @PathParam("user_id") String userId) {
        requireAdmin("identity:check_user_in_group");
        groups.require(id);
        users.require(userId);
        if (!groups.members(id).contains(userId)) {
            throw IdentityError.notFound("User " + userId + " is not a member of group " + id + ".");
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}/users/{user_id}")
    public Response remove(@PathParam("id") String id, @PathParam("user_id") String userId) {
        requireAdmin("identity:remove_user_from_group");
        checkMember(id, userId);
        groups.remove(id, userId);
        return Response.noContent().build();
    }

    private void requireAdmin(String policy) {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden(policy);
        }
    }

    static Map<String, Object> body(Groups.UserGroup group, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", group.id());
        body.put("name", group.name());
        body.put("domain_id", group.domainId());
        body.put("description", group.description() == null ? "" : group.description());
        body.put("links", KeystoneLinks.self(uri, "/identity/v3/groups/" + group.id()));
        return body;
    }
}
