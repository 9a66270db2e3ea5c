package dev.kumo.gateway.identity;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keystone's domains: Kumo has one, {@code Default}, which every user and project belongs to. */
@Path("/identity/v3/domains")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DomainResource {

    @Context
    UriInfo uri;

    @GET
    @Path("/{id}")
    public Map<String, Object> domain(@PathParam("id") String id) {
        if (!id.equals(PasswordAuthRequest.DEFAULT_DOMAIN_ID)) {
            throw IdentityError.notFound("Could not find domain: " + id + ".");
        }
        return Map.of("domain", defaultDomain(uri));
    }

    /** The one domain cannot go (Keystone refuses to delete an enabled domain); any other is not there. */
    @DELETE
    @Path("/{id}")
    public Map<String, Object> delete(@PathParam("id") String id) {
        if (id.equals(PasswordAuthRequest.DEFAULT_DOMAIN_ID)) {
            throw new IdentityError(403, "You are not authorized to perform the requested action: cannot delete"
                    + " the default domain.");
        }
        throw IdentityError.notFound("Could not find domain: " + id + ".");
    }

    static Map<String, Object> defaultDomain(UriInfo uri) {
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("id", PasswordAuthRequest.DEFAULT_DOMAIN_ID);
        domain.put("name", PasswordAuthRequest.DEFAULT_DOMAIN_NAME);
        domain.put("description", "The default domain");
        domain.put("enabled", true);
        domain.put("tags", List.of());
        domain.put("options", Map.of());
        domain.put("links", KeystoneLinks.self(uri, "/identity/v3/domains/" + PasswordAuthRequest.DEFAULT_DOMAIN_ID));
        return domain;
    }
}
