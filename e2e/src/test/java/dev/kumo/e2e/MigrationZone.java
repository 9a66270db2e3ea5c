package dev.kumo.e2e;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An availability zone of its own over two or three simulated hosts, made with a host aggregate, for the tests that
 * move servers: servers of other tests (in the default zone) cannot land on its hosts meanwhile, and a migration of
 * a server built in it stays in it. The servers it creates are forced onto a host by the admin ({@code zone:host}).
 */
final class MigrationZone implements AutoCloseable {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    final String name = "e2e-move-" + UUID.randomUUID().toString().substring(0, 8);
    final Compute admin = Compute.as("admin");
    private final int aggregate;
    private final List<String> hosts;
    private final List<String> servers = new ArrayList<>();

    MigrationZone(String... hosts) {
        this.hosts = List.of(hosts);
        aggregate = admin.request().contentType(ContentType.JSON)
                .body(Map.of("aggregate", Map.of("name", name, "availability_zone", name)))
                .post("/compute/v2.1/os-aggregates").then().statusCode(200).extract().path("aggregate.id");
        for (String host : hosts) {
            admin.request().contentType(ContentType.JSON).body(Map.of("add_host", Map.of("host", host)))
                    .post("/compute/v2.1/os-aggregates/" + aggregate + "/action").then().statusCode(200);
        }
    }

    /** An ACTIVE server of the admin's project on the host. */
    String serverOn(String host, String name) {
        String id = admin.request().contentType(ContentType.JSON)
                .body(Map.of("server", Map.of("name", name, "flavorRef", "42",
                        "imageRef", Images.bootable(admin.token()), "availability_zone", this.name + ":" + host)))
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        servers.add(id);
        if (!"ACTIVE".equals(admin.awaitSettled(id, SETTLE))) {
            throw new AssertionError("server " + id + " did not become ACTIVE on " + host);
        }
        return id;
    }

    String hostOf(String id) {
        return admin.show(id).then().statusCode(200).extract().path("server.'OS-EXT-SRV-ATTR:host'");
    }

    String statusOf(String id) {
        return admin.show(id).then().statusCode(200).extract().path("server.status");
    }

    @Override
    public void close() {
        for (String id : servers) {
            admin.request().delete("/compute/v2.1/servers/" + id);
        }
        for (String id : servers) {
            admin.awaitGone(id, SETTLE);
        }
        for (String host : hosts) {
            admin.request().contentType(ContentType.JSON).body(Map.of("remove_host", Map.of("host", host)))
                    .post("/compute/v2.1/os-aggregates/" + aggregate + "/action");
        }
        admin.request().delete("/compute/v2.1/os-aggregates/" + aggregate);
    }
}
