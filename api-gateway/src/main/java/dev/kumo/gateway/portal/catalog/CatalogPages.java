package dev.kumo.gateway.portal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.flavors.Flavor;
import dev.kumo.gateway.images.GlanceCalls;
import dev.kumo.gateway.keypairs.Keypair;
import dev.kumo.gateway.keypairs.KeypairResource;
import dev.kumo.gateway.portal.Portal;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What servers are made from and with: images (snapshots among them), flavors, networks (with security groups and
 * floating IPs, as far as network-service offers them) and the user's key pairs. Images and networks are read from
 * their services with the user's own token; key pairs are created and deleted through {@code os-keypairs}.
 */
@Path("/portal")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class CatalogPages {

    private final Portal portal;
    private final GlanceCalls glance;
    private final NetworkDirectory networks;
    private final KeypairResource keypairs;
    private final Template images;
    private final Template flavors;
    private final Template networkPage;
    private final Template keypairPage;
    private final ObjectMapper json = new ObjectMapper();

    public CatalogPages(Portal portal, GlanceCalls glance, NetworkDirectory networks, KeypairResource keypairs,
            @Location("portal/images.html") Template images, @Location("portal/flavors.html") Template flavors,
            @Location("portal/networks.html") Template networkPage,
            @Location("portal/keypairs.html") Template keypairPage) {
        this.portal = portal;
        this.glance = glance;
        this.networks = networks;
        this.keypairs = keypairs;
        this.images = images;
        this.flavors = flavors;
        this.networkPage = networkPage;
        this.keypairPage = keypairPage;
    }

    /** An image as the list shows it. */
    public record ImageRow(String id, String name, String status, String visibility, String diskFormat, long size,
            String kind, String owner, String createdAt) {

        static ImageRow of(JsonNode image) {
            return new ImageRow(image.path("id").asText(), image.path("name").asText(), image.path("status").asText(),
                    image.path("visibility").asText(), image.path("disk_format").asText(""),
                    image.path("size").asLong(), image.path("image_type").asText("image"),
                    image.path("owner").asText(""), image.path("created_at").asText(""));
        }

        public String sizeMb() {
            return String.format("%.1f", size / 1048576.0);
        }
    }

    /** A Neutron resource the networks page lists: its id, a name and what else is worth a column. */
    public record NeutronRow(String id, String name, String detail) {
    }

    @GET
    @Path("/images")
    public TemplateInstance images() {
        List<ImageRow> rows = glance.list(Map.of(), portal.caller().rawToken()).stream().map(ImageRow::of).toList();
        return portal.page(images, "Images", "images").data("images", rows);
    }

    @GET
    @Path("/flavors")
    @Transactional
    public TemplateInstance flavors() {
        List<Flavor> rows = Flavor.listed(portal.viewer().admin() ? null : Boolean.TRUE, portal.viewer().projectId(),
                portal.viewer().admin(), 0, 0);
        return portal.page(flavors, "Flavors", "flavors").data("flavors", rows);
    }

    @GET
    @Path("/networks")
    public TemplateInstance networks() {
        String token = portal.caller().rawToken();
        Optional<List<NetworkDirectory.Network>> found = networks.networks(token);
        return portal.page(networkPage, "Networks", "networks").data("available", found.isPresent())
                .data("networks", found.orElse(List.of()))
                .data("securityGroups", rows(networks.get("/v2.0/security-groups", token), "security_groups",
                        "description"))
                .data("floatingIps", rows(networks.get("/v2.0/floatingips", token), "floatingips",
                        "floating_ip_address"));
    }

    @GET
    @Path("/keypairs")
    @Transactional
    public TemplateInstance keypairs() {
        return keypairPage(null, null);
    }

    /** Imports a public key, or with none generates a key pair whose private key is shown once. */
    @POST
    @Path("/keypairs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object createKeypair(@FormParam("name") String name, @FormParam("public_key") String publicKey) {
        ObjectNode body = json.createObjectNode();
        ObjectNode keypair = body.putObject("keypair").put("name", name == null ? "" : name.strip());
        if (publicKey != null && !publicKey.isBlank()) {
            keypair.put("public_key", publicKey.strip());
        }
        Map<?, ?> created = (Map<?, ?>) ((Map<?, ?>) keypairs.create(body).getEntity()).get("keypair");
        Object privateKey = created.get("private_key");
        if (privateKey == null) {
            return portal.done("/portal/keypairs", "Key pair " + name + " imported.");
        }
        return keypairPage(name, privateKey.toString());
    }

    @POST
    @Path("/keypairs/{name}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteKeypair(@PathParam("name") String name) {
        keypairs.delete(name, null);
        return portal.done("/portal/keypairs", "Key pair " + name + " deleted.");
    }

    @ServerExceptionMapper
    public Response refused(ComputeError failure) {
        return portal.refused(failure, "/portal");
    }

    private TemplateInstance keypairPage(String createdName, String privateKey) {
        return portal.page(keypairPage, "Key pairs", "keypairs")
                .data("keypairs", Keypair.ofUser(portal.caller().userId()))
                .data("createdName", createdName).data("privateKey", privateKey);
    }

    private static List<NeutronRow> rows(Optional<JsonNode> collection, String field, String detail) {
        List<NeutronRow> rows = new ArrayList<>();
        collection.ifPresent(body -> body.path(field).forEach(item -> rows.add(new NeutronRow(
                item.path("id").asText(), item.path("name").asText(item.path("id").asText()),
                item.path(detail).asText("")))));
        return rows;
    }
}
