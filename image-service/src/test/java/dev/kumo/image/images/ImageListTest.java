package dev.kumo.image.images;

import static dev.kumo.image.images.Images.as;
import static dev.kumo.image.images.Images.create;
import static dev.kumo.image.images.Images.upload;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.image.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Listing images: filters, sorting and paging by marker, like Glance. Each test lists only its own tag. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ImageListTest {

    private final String tag = "list-" + UUID.randomUUID();

    @Test
    void aListNamesItsSchemaAndFirstPage() {
        as(Tokens.alice()).get("/v2/images?tag=" + tag).then()
                .statusCode(200)
                .body("images", empty())
                .body("schema", equalTo("/v2/schemas/images"))
                .body("first", equalTo("/v2/images"))
                .body("$", not(hasKey("next")));
    }

    @Test
    void pagesFollowTheNextLinkUntilTheEnd() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(image("page-" + i, Map.of()));
        }
        List<String> seen = new ArrayList<>();
        String next = "/v2/images?limit=2&sort=name:asc&tag=" + tag;
        int pages = 0;
        while (next != null) {
            // The next link is already encoded, as a client receives it.
            JsonPath page = as(Tokens.alice()).urlEncodingEnabled(false).get(next).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("images.id"));
            next = page.getString("next");
            pages++;
        }
        assertEquals(created, seen);
        assertEquals(3, pages);
    }

    @Test
    void sortKeysAndDirectionsOrderTheList() {
        image("b", Map.of("min_ram", 1));
        image("a", Map.of("min_ram", 2));
        image("c", Map.of("min_ram", 2));

        names("sort_key=name&sort_dir=desc", "c", "b", "a");
        names("sort=min_ram:desc,name:asc", "a", "c", "b");
        names("sort_key=min_ram&sort_key=name&sort_dir=asc&sort_dir=desc", "b", "c", "a");
    }

    @Test
    void theNewestComeFirstByDefault() throws InterruptedException {
        image("older", Map.of());
        Thread.sleep(1100);
        image("newer", Map.of());

        names("", "newer", "older");
    }

    @Test
    void filtersNarrowTheList() {
        String small = image("small", Map.of("disk_format", "raw", "container_format", "bare"));
        upload(Tokens.alice(), small, new byte[10], 204);
        String large = image("large", Map.of("disk_format", "raw", "container_format", "bare", "protected", true));
        upload(Tokens.alice(), large, new byte[1000], 204);
        image("queued-iso", Map.of("disk_format", "iso", "container_format", "bare", "os_distro", "debian"));
        image("hidden", Map.of("os_hidden", true));

        names("name=small", "small");
        names("name=in:small,large&sort=name:asc", "large", "small");
        names("status=active&sort=name:asc", "large", "small");
        names("disk_format=iso", "queued-iso");
        names("container_format=bare&sort=name:asc", "large", "queued-iso", "small");
        names("size_min=100", "large");
        names("size_max=100", "small");
        names("protected=true", "large");
        names("os_distro=debian", "queued-iso");
        names("os_hidden=true", "hidden");
        names("owner=" + Tokens.ACME + "&visibility=shared&sort=name:asc", "large", "queued-iso", "small");
    }

    @Test
    void sizeMinAndSizeMaxAreInclusiveBoundsInBytes() {
        sized("s-99", 99);
        sized("s-100", 100);
        sized("s-101", 101);
        image("s-queued", Map.of()); // no data yet, so no size: inside no size range

        names("size_min=100&sort=name:asc", "s-100", "s-101");
        names("size_max=100&sort=name:asc", "s-100", "s-99");
        names("size_min=100&size_max=100", "s-100");
        names("size_min=99&size_max=101&sort=name:asc", "s-100", "s-101", "s-99");
        names("size_min=0&sort=name:asc", "s-100", "s-101", "s-99");
        names("size_min=101&size_max=99");
    }

    @Test
    void aSizeBoundThatIsNotAWholeNumberOfBytesIs400NamingIt() {
        for (String query : List.of("size_min=big", "size_max=1.5", "size_max=1e3", "size_min=-1", "size_max=")) {
            String named = query.substring(0, query.indexOf('='));
            as(Tokens.alice()).get("/v2/images?" + query).then()
                    .statusCode(400)
                    .body("error.code", equalTo(400))
                    .body("error.message", containsString(named));
        }
    }

    @Test
    void timestampsCompareWithGlancesOperators() {
        image("dated", Map.of());

        names("created_at=gte:2000-01-01T00:00:00Z", "dated");
        names("updated_at=lt:2000-01-01T00:00:00Z");
        as(Tokens.alice()).get("/v2/images?created_at=2000-01-01").then()
                .statusCode(400).body("error.message", containsString("created_at"));
    }

    @Test
    void everyTagGivenMustBeOnTheImage() {
        String both = "both-" + UUID.randomUUID();
        image("gold-and-both", Map.of("tags", List.of(tag, both)));
        image("only-tag", Map.of());

        as(Tokens.alice()).get("/v2/images?tag=" + tag + "&tag=" + both).then()
                .body("images.name", contains("gold-and-both"));
    }

    @Test
    void badListParametersAre400NamingTheParameter() {
        Map<String, String> bad = new HashMap<>();
        bad.put("limit=-1", "limit");
        bad.put("limit=ten", "limit");
        bad.put("size_min=big", "size_min");
        bad.put("protected=maybe", "protected");
        bad.put("sort_key=colour", "colour");
        bad.put("sort_dir=up", "up");
        bad.put("sort=name:sideways", "sideways");
        bad.put("sort=name&sort_key=name", "sort");
        bad.put("visibility=everyone", "visibility");
        bad.put("member_status=maybe", "member_status");
        bad.put("marker=" + UUID.randomUUID(), "marker");
        bad.put("id=not-a-uuid", "'id'");
        bad.forEach((query, named) -> as(Tokens.alice()).get("/v2/images?" + query).then()
                .statusCode(400)
                .body("error.code", equalTo(400))
                .body("error.message", containsString(named)));
    }

    @Test
    void theLimitIsCappedAndItsDefaultIsGlances() {
        for (int i = 0; i < 3; i++) {
            image("capped-" + i, Map.of());
        }
        as(Tokens.alice()).get("/v2/images?limit=100000&tag=" + tag).then()
                .statusCode(200)
                .body("images.name", containsInAnyOrder("capped-0", "capped-1", "capped-2"));
        assertEquals(25, ImageListing.DEFAULT_LIMIT);
    }

    private String image(String name, Map<String, Object> attributes) {
        Map<String, Object> image = new HashMap<>(attributes);
        image.put("name", name);
        List<String> tags = new ArrayList<>(List.of(tag));
        if (attributes.get("tags") instanceof List<?> more) {
            more.forEach(t -> tags.add(t.toString()));
        }
        image.put("tags", tags.stream().distinct().toList());
        return create(Tokens.alice(), image);
    }

    private void sized(String name, int bytes) {
        String id = image(name, Map.of("disk_format", "raw", "container_format", "bare"));
        upload(Tokens.alice(), id, new byte[bytes], 204);
    }

    private void names(String query, String... expected) {
        as(Tokens.alice()).get("/v2/images?tag=" + tag + (query.isEmpty() ? "" : "&" + query)).then()
                .statusCode(200)
                .body("images.name", expected.length == 0 ? empty() : contains(expected));
    }
}
