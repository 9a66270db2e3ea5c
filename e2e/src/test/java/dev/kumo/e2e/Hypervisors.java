package dev.kumo.e2e;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the compute agents' hypervisors really hold, read from the agents' own endpoints. */
public final class Hypervisors {

    private static final List<String> AGENTS = List.of("http://127.0.0.1:8094", "http://127.0.0.1:8095",
            "http://127.0.0.1:8096");

    private Hypervisors() {
    }

    /** The hosts on which a domain of the instance exists, across every running agent. */
    public static List<String> hostsWithDomainOf(String instanceId) {
        List<String> hosts = new ArrayList<>();
        for (String agent : AGENTS) {
            if (!KumoSystem.healthy(agent)) {
                continue;
            }
            Map<String, List<String>> domains = given().baseUri(agent).get("/agent/domains")
                    .then().statusCode(200).extract().path("hosts");
            domains.forEach((host, instances) -> {
                if (instances.contains(instanceId)) {
                    hosts.add(host);
                }
            });
        }
        return hosts;
    }

    /**
     * The system's real-QEMU host ({@code ./kumo up --qemu-host}): the compute service whose host name ends in -qemu.
     * It takes only the servers an admin forces onto it ({@code availability_zone nova:<host>}).
     */
    public static String qemuHost(Compute admin) {
        List<String> hosts = admin.request().get("/compute/v2.1/os-services?binary=nova-compute").then()
                .statusCode(200).extract().path("services.host");
        return hosts.stream().filter(host -> host.endsWith("-qemu")).findFirst().orElseThrow(() ->
                new AssertionError("no real-QEMU host (./kumo up --qemu-host) among " + hosts));
    }
}
