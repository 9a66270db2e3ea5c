package dev.kumo.gateway.images;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Glance as the gateway's tests see it: the OIDC stand-in's WireMock server answers image lookups for a few
 * known images; any other id is a 404, as from a real image service.
 */
public final class TestImages {

    public static final String ACTIVE = "7f1e1c5a-0b7e-4d4c-9a55-3c1b1f0e2a10";
    public static final String QUEUED = "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f";
    public static final String BIG = "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c";

    private TestImages() {
    }

    public static void serve(WireMockServer server) {
        image(server, ACTIVE, "active", 0);
        image(server, QUEUED, "queued", 0);
        image(server, BIG, "active", 100_000);
    }

    private static void image(WireMockServer server, String id, String status, int minRam) {
        server.stubFor(get(urlPathEqualTo("/auth/v2/images/" + id)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"" + id + "\", \"name\": \"img-" + status + "\", \"status\": \"" + status
                        + "\", \"min_ram\": " + minRam + ", \"min_disk\": 0, \"size\": 1048576}")));
    }
}
