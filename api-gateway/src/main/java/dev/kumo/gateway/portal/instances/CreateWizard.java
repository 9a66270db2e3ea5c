package dev.kumo.gateway.portal.instances;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Microversion;
import dev.kumo.gateway.flavors.Flavor;
import dev.kumo.gateway.images.GlanceCalls;
import dev.kumo.gateway.keypairs.Keypair;
import dev.kumo.gateway.portal.Portal;
import dev.kumo.gateway.portal.catalog.NetworkDirectory;
import dev.kumo.gateway.servers.CreateServerRequest;
import dev.kumo.gateway.servers.Instance;
import dev.kumo.gateway.servers.Servers;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The create wizard: image, flavor, network, key pair, user data, then a name. The form becomes the body of
 * {@code POST /servers} at the newest microversion and goes through the API's validation, quota and placement
 * path ({@link CreateServerRequest}, {@link Servers#create}); what the API refuses is shown with its message.
 */
@Path("/portal/new-instance")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class CreateWizard {

    private static final Microversion VERSION = Microversion.MAX;

    private final Portal portal;
    private final Servers servers;
    private final GlanceCalls glance;
    private final NetworkDirectory networks;
    private final Template wizard;
    private final ObjectMapper json = new ObjectMapper();

    public CreateWizard(Portal portal, Servers servers, GlanceCalls glance, NetworkDirectory networks,
            @Location("portal/instance-new.html") Template wizard) {
        this.portal = portal;
        this.servers = servers;
        this.glance = glance;
        this.networks = networks;
        this.wizard = wizard;
    }

    /** An image the wizard offers. */
    public record ImageChoice(String id, String name, String visibility, long sizeBytes) {
    }

    @GET
    @Transactional
    public TemplateInstance form() {
        portal.caller().requireChange("os_compute_api:servers:create");
        String token = portal.caller().rawToken();
        List<ImageChoice> images = glance.list(Map.of("status", "active"), token).stream()
                .filter(image -> !"aki".equals(image.path("disk_format").asText())
                        && !"ari".equals(image.path("disk_format").asText()))
                .map(image -> new ImageChoice(image.path("id").asText(), image.path("name").asText(),
                        image.path("visibility").asText(), image.path("size").asLong()))
                .toList();
        List<Flavor> flavors = Flavor.listed(Boolean.TRUE, portal.viewer().projectId(), portal.viewer().admin(), 0, 0)
                .stream().filter(flavor -> !flavor.disabled).toList();
        return portal.page(wizard, "Create an instance", "instances").data("images", images).data("flavors", flavors)
                .data("networks", networks.networks(token).orElse(List.of()))
                .data("keypairs", Keypair.ofUser(portal.caller().userId()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("name") String name, @FormParam("image") String image,
            @FormParam("flavor") String flavor, @FormParam("network") String network,
            @FormParam("key_name") String keyName, @FormParam("user_data") String userData) {
        portal.caller().requireChange("os_compute_api:servers:create");
        ObjectNode body = json.createObjectNode();
        ObjectNode server = body.putObject("server");
        server.put("name", name == null ? "" : name.strip());
        server.put("imageRef", image == null ? "" : image);
        server.put("flavorRef", flavor == null ? "" : flavor);
        if (network == null || network.isBlank() || "none".equals(network) || "auto".equals(network)) {
            server.put("networks", network == null || network.isBlank() ? "none" : network);
        } else {
            server.putArray("networks").addObject().put("uuid", network);
        }
        if (keyName != null && !keyName.isBlank()) {
            server.put("key_name", keyName);
        }
        if (userData != null && !userData.isBlank()) {
            server.put("user_data", Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)));
        }
        List<Instance> created = servers.create(CreateServerRequest.from((JsonNode) body, VERSION), portal.caller());
        return Response.seeOther(URI.create("/portal/instances/" + created.get(0).id + "?notice=Creating+"
                + java.net.URLEncoder.encode(created.get(0).name, StandardCharsets.UTF_8) + ".")).build();
    }

    @ServerExceptionMapper
    public Response refused(ComputeError failure) {
        return portal.refused(failure, "/portal/new-instance");
    }
}
