package dev.kumo.e2e;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

/** What the scheduler holds: claims per instance and usage per host. */
public final class Placement {

    private Placement() {
    }

    public static Map<String, Object> allocations(String instanceId) {
        return given().baseUri(KumoSystem.SCHEDULER).get("/placement/allocations/" + instanceId)
                .then().statusCode(200).extract().path("allocations");
    }

    /** Used resources per host, e.g. {@code {sim-0001={VCPU=1, MEMORY_MB=128, DISK_GB=1}}}. */
    public static Map<String, Object> usages() {
        List<Map<String, Object>> providers = given().baseUri(KumoSystem.SCHEDULER).get("/placement/resource_providers")
                .then().statusCode(200).extract().path("resource_providers");
        Map<String, Object> usages = new java.util.TreeMap<>();
        providers.forEach(provider -> usages.put((String) provider.get("name"), provider.get("usages")));
        return usages;
    }
}
