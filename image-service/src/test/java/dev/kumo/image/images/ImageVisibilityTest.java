package dev.kumo.image.images;

import static dev.kumo.image.images.Images.as;
import static dev.kumo.image.images.Images.create;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.kumo.image.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant isolation: who sees which image, in a list and by id. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ImageVisibilityTest {

    private final String tag = "vis-" + UUID.randomUUID();
    private String alicesPrivate;
    private String alicesShared;
    private String alicesCommunity;
    private String adminsPublic;

    @BeforeEach
    void images() {
        alicesPrivate = image(Tokens.alice(), "private");
        alicesShared = image(Tokens.alice(), "shared");
        alicesCommunity = image(Tokens.alice(), "community");
        adminsPublic = image(Tokens.admin(), "public");
    }

    @Test
    void theOwnerSeesAllItsImagesAndPublicOnesButNotOthersPrivate() {
        String bobsPrivate = image(Tokens.bob(), "private");

        names(Tokens.alice(), "", "private", "shared", "community", "public");
        as(Tokens.alice()).get("/v2/images?tag=" + tag).then().body("images.id", not(hasItem(bobsPrivate)));
    }

    @Test
    void anotherProjectsPrivateOrUnsharedImageIs404NotForbidden() {
        as(Tokens.bob()).get("/v2/images/" + alicesPrivate).then().statusCode(404).body("error.code", equalTo(404));
        as(Tokens.bob()).get("/v2/images/" + alicesShared).then().statusCode(404);
        as(Tokens.bob()).delete("/v2/images/" + alicesPrivate).then().statusCode(404);
        Images.patch(Tokens.bob(), alicesPrivate, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"x\"}]", 404);
        as(Tokens.bob()).get("/v2/images/" + alicesPrivate + "/file").then().statusCode(404);
    }

    @Test
    void communityImagesAreShownByIdAndWhenAskedForButNotInTheDefaultList() {
        as(Tokens.bob()).get("/v2/images/" + alicesCommunity).then().statusCode(200);
        names(Tokens.bob(), "", "public");
        names(Tokens.bob(), "&visibility=community", "community");
        names(Tokens.bob(), "&visibility=all", "community", "public");
    }

    @Test
    void aReaderOfTheProjectSeesWhatTheProjectSees() {
        names(Tokens.carol(), "", "private", "shared", "community", "public");
        as(Tokens.carol()).get("/v2/images/" + alicesPrivate).then().statusCode(200);
    }

    @Test
    void adminsSeeEveryProjectsImages() {
        names(Tokens.admin(), "", "private", "shared", "community", "public");
        names(Tokens.admin(), "&visibility=private", "private");
        as(Tokens.admin()).get("/v2/images/" + alicesPrivate).then().statusCode(200).body("owner", equalTo(Tokens.ACME));
    }

    @Test
    void aVisibilityFilterNarrowsToThatVisibility() {
        names(Tokens.alice(), "&visibility=public", "public");
        names(Tokens.alice(), "&visibility=private", "private");
        names(Tokens.alice(), "&visibility=shared", "shared");
        as(Tokens.bob()).get("/v2/images/" + adminsPublic).then().statusCode(200);
    }

    private String image(String token, String visibility) {
        return create(token, Map.of("name", visibility, "visibility", visibility, "tags", List.of(tag)));
    }

    private void names(String token, String query, String... expected) {
        as(token).get("/v2/images?tag=" + tag + query).then()
                .statusCode(200)
                .body("images.name", containsInAnyOrder(expected));
    }
}
