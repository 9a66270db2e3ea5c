package dev.kumo.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduler hints and traits through the whole system: same_host puts a tenant's server next to another of theirs,
 * different_host keeps it off them; an operator's CUSTOM_ trait on one host (the scheduler's Placement traits API)
 * draws the servers of a flavor requiring it there, and a flavor forbidding it keeps them off that host.
 */
class HintFiltersTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void sameHostAndDifferentHostPlaceAServerNextToOrAwayFromTheNamedOnes() {
        Compute alice = Compute.as("alice");
        Compute admin = Compute.as("admin");
        List<String> servers = new ArrayList<>();
        try {
            String first = active(alice, servers, "e2e-first", "42", Map.of());
            String host = hostOf(admin, first);
            for (int i = 0; i < 2; i++) {
                String next = active(alice, servers, "e2e-same-" + i, "42", Map.of("same_host", first));
                assertEquals(host, hostOf(admin, next));
            }
            String second = active(alice, servers, "e2e-away", "42", Map.of("different_host", List.of(first)));
            String away = hostOf(admin, second);
            assertNotEquals(host, away);
            String third = active(alice, servers, "e2e-away-from-both", "42",
                    Map.of("different_host", List.of(first, second)));
            assertNotEquals(host, hostOf(admin, third));
            assertNotEquals(away, hostOf(admin, third));

            alice.request().contentType(ContentType.JSON).body(Map.of("server", Map.of("name", "e2e-bad-hint",
                    "flavorRef", "42", "imageRef", Images.bootable(alice.token())),
                    "os:scheduler_hints", Map.of("same_host", "not-a-uuid")))
                    .post("/compute/v2.1/servers").then().statusCode(400);
        } finally {
            cleanUp(alice, servers);
        }
    }

    @Test
    void aFlavorRequiringAnOperatorsCustomTraitGoesToTheHostThatHasItAndOneForbiddingItStaysAway() {
        Compute alice = Compute.as("alice");
        Compute admin = Compute.as("admin");
        String trait = "CUSTOM_E2E_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String host = "sim-0003";
        String required = flavor(admin, "e2e-req-" + UUID.randomUUID(), "trait:" + trait, "required");
        String forbidden = flavor(admin, "e2e-forb-" + UUID.randomUUID(), "trait:" + trait, "forbidden");
        List<String> traits = traitsOf(host);
        List<String> servers = new ArrayList<>();
        try {
            List<String> withTrait = new ArrayList<>(traits);
            withTrait.add(trait);
            setTraits(host, withTrait);

            for (int i = 0; i < 2; i++) {
                assertEquals(host, hostOf(admin, active(alice, servers, "e2e-trait-" + i, required, Map.of())));
                assertNotEquals(host, hostOf(admin, active(alice, servers, "e2e-no-trait-" + i, forbidden,
                        Map.of())));
            }
        } finally {
            cleanUp(alice, servers);
            List<String> without = new ArrayList<>(traitsOf(host));
            without.remove(trait);
            setTraits(host, without);
            admin.request().delete("/compute/v2.1/flavors/" + required);
            admin.request().delete("/compute/v2.1/flavors/" + forbidden);
        }
    }

    private static String active(Compute user, List<String> servers, String name, String flavor,
            Map<String, Object> hints) {
        String id = user.request().contentType(ContentType.JSON).body(Map.of("server", Map.of("name", name,
                "flavorRef", flavor, "imageRef", Images.bootable(user.token())), "os:scheduler_hints", hints))
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        servers.add(id);
        String status = user.awaitSettled(id, SETTLE);
        assertEquals("ACTIVE", status, () -> user.show(id).asString());
        return id;
    }

    private static String hostOf(Compute admin, String id) {
        return admin.show(id).then().statusCode(200).extract().path("server.'OS-EXT-SRV-ATTR:host'");
    }

    private static String flavor(Compute admin, String id, String key, String value) {
        admin.request().contentType(ContentType.JSON).body(Map.of("flavor", Map.of("id", id, "name", id, "ram", 128,
                "vcpus", 1, "disk", 1))).post("/compute/v2.1/flavors").then().statusCode(200);
        admin.request().contentType(ContentType.JSON).body(Map.of("extra_specs", Map.of(key, value)))
                .post("/compute/v2.1/flavors/" + id + "/os-extra_specs").then().statusCode(200);
        return id;
    }

    private static List<String> traitsOf(String host) {
        return given().baseUri(KumoSystem.SCHEDULER).get("/placement/resource_providers/" + host + "/traits").then()
                .statusCode(200).extract().path("traits");
    }

    private static void setTraits(String host, List<String> traits) {
        int generation = given().baseUri(KumoSystem.SCHEDULER).get("/placement/resource_providers/" + host
                + "/traits").then().statusCode(200).extract().path("resource_provider_generation");
        given().baseUri(KumoSystem.SCHEDULER).contentType(ContentType.JSON)
                .body(Map.of("resource_provider_generation", generation, "traits", traits))
                .put("/placement/resource_providers/" + host + "/traits").then().statusCode(200)
                .body("traits", traits.isEmpty() ? org.hamcrest.Matchers.empty() : hasItem(traits.get(0)));
    }

    private static void cleanUp(Compute user, List<String> servers) {
        servers.forEach(id -> user.request().delete("/compute/v2.1/servers/" + id));
        servers.forEach(id -> user.awaitGone(id, SETTLE));
    }
}
