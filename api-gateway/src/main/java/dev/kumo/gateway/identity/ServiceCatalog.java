package dev.kumo.gateway.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The service catalog every token carries: where compute, image, network and identity are, each with a
 * public, internal and admin endpoint in one region. Compute is versioned ({@code /compute/v2.1}); image
 * and network are not, as in DevStack.
 */
public final class ServiceCatalog {

    private ServiceCatalog() {
    }

    public static List<Map<String, Object>> of(String baseUrl, String region) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return List.of(
                service("compute", "nova", base + "/compute/v2.1", region),
                service("image", "glance", base + "/image", region),
                service("network", "neutron", base + "/network", region),
                service("identity", "keystone", base + "/identity", region));
    }

    private static Map<String, Object> service(String type, String name, String url, String region) {
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (String face : List.of("public", "internal", "admin")) {
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("id", stableId(type + "/" + face));
            endpoint.put("interface", face);
            endpoint.put("region", region);
            endpoint.put("region_id", region);
            endpoint.put("url", url);
            endpoints.add(endpoint);
        }
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("id", stableId(type));
        service.put("type", type);
        service.put("name", name);
        service.put("endpoints", endpoints);
        return service;
    }

    private static String stableId(String seed) {
        return UUID.nameUUIDFromBytes(("kumo-catalog/" + seed).getBytes()).toString().replace("-", "");
    }
}
