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
}
