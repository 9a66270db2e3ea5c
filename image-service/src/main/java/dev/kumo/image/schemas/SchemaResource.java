package dev.kumo.image.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The JSON schemas Glance clients read to learn the image and member shapes ({@code /v2/schemas/...}); the
 * collection schemas wrap the single ones.
 */
@Path("/v2/schemas")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SchemaResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode IMAGE = load("image");
    private static final JsonNode MEMBER = load("member");

    @GET
    @Path("image")
    public JsonNode image() {
        return IMAGE;
    }

    @GET
    @Path("images")
    public JsonNode images() {
        ObjectNode schema = collection("images", IMAGE);
        ObjectNode properties = (ObjectNode) schema.get("properties");
        properties.putObject("first").put("type", "string");
        properties.putObject("next").put("type", "string");
        schema.putArray("links")
                .add(JSON.createObjectNode().put("rel", "first").put("href", "{first}"))
                .add(JSON.createObjectNode().put("rel", "next").put("href", "{next}"))
                .add(JSON.createObjectNode().put("rel", "describedby").put("href", "{schema}"));
        return schema;
    }

    @GET
    @Path("member")
    public JsonNode member() {
        return MEMBER;
    }

    @GET
    @Path("members")
    public JsonNode members() {
        ObjectNode schema = collection("members", MEMBER);
        schema.putArray("links").add(JSON.createObjectNode().put("rel", "describedby").put("href", "{schema}"));
        return schema;
    }

    private static ObjectNode collection(String name, JsonNode item) {
        ObjectNode schema = JSON.createObjectNode().put("name", name);
        ObjectNode properties = schema.putObject("properties");
        ObjectNode items = properties.putObject(name);
        items.put("type", "array");
        items.set("items", item);
        properties.putObject("schema").put("type", "string");
        return schema;
    }

    private static JsonNode load(String name) {
        try (InputStream in = SchemaResource.class.getResourceAsStream("/schemas/" + name + ".json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("schema " + name + " is missing from the image-service", e);
        }
    }
}
