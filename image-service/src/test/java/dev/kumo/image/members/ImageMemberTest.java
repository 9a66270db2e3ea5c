package dev.kumo.image.members;

import static dev.kumo.image.images.Images.as;
import static dev.kumo.image.images.Images.create;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.kumo.image.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sharing an image with other projects: the owner offers, each member accepts or rejects for itself. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ImageMemberTest {

    private final String tag = "members-" + UUID.randomUUID();
    private String image;

    @BeforeEach
    void sharedImage() {
        image = create(Tokens.alice(), Map.of("name", "golden", "visibility", "shared", "tags", List.of(tag)));
    }

    @Test
    void anOfferedImageIsPendingVisibleByIdButListedOnlyOnceAccepted() {
        offer(Tokens.GLOBEX).then()
                .statusCode(200)
                .body("image_id", equalTo(image))
                .body("member_id", equalTo(Tokens.GLOBEX))
                .body("status", equalTo("pending"))
                .body("schema", equalTo("/v2/schemas/member"));

        as(Tokens.bob()).get("/v2/images/" + image).then().statusCode(200);
        listed(Tokens.bob(), "");
        listed(Tokens.bob(), "&member_status=pending", "golden");

        answer(Tokens.bob(), Tokens.GLOBEX, "accepted").then().statusCode(200).body("status", equalTo("accepted"));
        listed(Tokens.bob(), "", "golden");
        listed(Tokens.bob(), "&visibility=shared", "golden");

        answer(Tokens.bob(), Tokens.GLOBEX, "rejected").then().statusCode(200);
        listed(Tokens.bob(), "");
        listed(Tokens.bob(), "&member_status=rejected", "golden");
    }

    @Test
    void theOwnerSeesEveryMemberAndAMemberOnlyItself() {
        offer(Tokens.GLOBEX);
        offer(Tokens.INITECH);

        as(Tokens.alice()).get("/v2/images/" + image + "/members").then()
                .statusCode(200)
                .body("members.member_id", containsInAnyOrder(Tokens.GLOBEX, Tokens.INITECH))
                .body("schema", equalTo("/v2/schemas/members"));
        as(Tokens.bob()).get("/v2/images/" + image + "/members").then()
                .body("members.member_id", contains(Tokens.GLOBEX));
        as(Tokens.bob()).get("/v2/images/" + image + "/members/" + Tokens.INITECH).then().statusCode(404);
        as(Tokens.bob()).get("/v2/images/" + image + "/members/" + Tokens.GLOBEX).then()
                .statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void onlyTheMemberDecidesItsStatusAndOnlyTheOwnerOffersAndWithdraws() {
        offer(Tokens.GLOBEX);

        answer(Tokens.alice(), Tokens.GLOBEX, "accepted").then().statusCode(403);
        answer(Tokens.dave(), Tokens.GLOBEX, "accepted").then().statusCode(404);
        as(Tokens.bob()).contentType(ContentType.JSON).body(Map.of("member", Tokens.INITECH))
                .post("/v2/images/" + image + "/members").then().statusCode(403);
        as(Tokens.bob()).delete("/v2/images/" + image + "/members/" + Tokens.GLOBEX).then().statusCode(403);

        as(Tokens.alice()).delete("/v2/images/" + image + "/members/" + Tokens.GLOBEX).then().statusCode(204);
        as(Tokens.bob()).get("/v2/images/" + image).then().statusCode(404);
        as(Tokens.alice()).get("/v2/images/" + image + "/members").then().body("members", empty());
    }

    @Test
    void aMemberIsOfferedOnceAndOnlySharedImagesHaveMembers() {
        offer(Tokens.GLOBEX);
        offer(Tokens.GLOBEX).then().statusCode(409).body("error.message", containsString("already a member"));

        String privateImage = create(Tokens.alice(), Map.of("name", "private", "visibility", "private"));
        as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("member", Tokens.GLOBEX))
                .post("/v2/images/" + privateImage + "/members").then()
                .statusCode(403)
                .body("error.message", containsString("Only shared images"));
    }

    @Test
    void badMemberRequestsAre400() {
        as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("project", Tokens.GLOBEX))
                .post("/v2/images/" + image + "/members").then()
                .statusCode(400).body("error.message", containsString("member"));
        offer(Tokens.GLOBEX);
        answer(Tokens.bob(), Tokens.GLOBEX, "maybe").then()
                .statusCode(400).body("error.message", containsString("status"));
    }

    private io.restassured.response.Response offer(String project) {
        return as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("member", project))
                .post("/v2/images/" + image + "/members");
    }

    private io.restassured.response.Response answer(String token, String member, String status) {
        return as(token).contentType(ContentType.JSON).body(Map.of("status", status))
                .put("/v2/images/" + image + "/members/" + member);
    }

    private void listed(String token, String query, String... names) {
        as(token).get("/v2/images?tag=" + tag + query).then()
                .statusCode(200)
                .body("images.name", containsInAnyOrder(names));
    }
}
