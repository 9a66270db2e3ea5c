package dev.kumo.image.schemas;

import static dev.kumo.image.images.Images.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.kumo.image.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

/** The schemas glanceclient reads to learn what an image and a member look like. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class SchemaTest {

    @Test
    void theImageSchemaListsCoreAttributesReadOnlyFlagsAndStringProperties() {
        as(Tokens.carol()).get("/v2/schemas/image").then()
                .statusCode(200)
                .body("name", equalTo("image"))
                .body("additionalProperties.type", equalTo("string"))
                .body("properties.status.readOnly", equalTo(true))
                .body("properties.disk_format.enum", hasItems("raw", "qcow2", "vmdk", "vdi", "iso", "aki", "ari", "ami"))
                .body("properties.container_format.enum", hasItems("bare", "ovf", "aki", "ari", "ami", "ova", "docker"))
                .body("properties.visibility.enum", hasItems("public", "private", "shared", "community"));
    }

    @Test
    void theCollectionSchemasWrapTheSingleOnes() {
        as(Tokens.carol()).get("/v2/schemas/images").then()
                .statusCode(200)
                .body("name", equalTo("images"))
                .body("properties.images.items.name", equalTo("image"))
                .body("links.rel", hasItems("first", "next", "describedby"));
        as(Tokens.carol()).get("/v2/schemas/member").then()
                .statusCode(200)
                .body("properties.status.enum", hasItems("pending", "accepted", "rejected"));
        as(Tokens.carol()).get("/v2/schemas/members").then()
                .statusCode(200)
                .body("properties.members.items.name", equalTo("member"));
    }

    @Test
    void schemasNeedAToken() {
        given().get("/v2/schemas/image").then().statusCode(401);
    }
}
