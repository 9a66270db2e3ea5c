package dev.kumo.e2e;

import static io.restassured.RestAssured.given;

import java.util.List;

/** The images the suites boot from: {@code kumo-tiny}, which {@code ./kumo up} uploads, found through Glance. */
final class Images {

    static final String TINY = "kumo-tiny";

    private static volatile String bootable;

    private Images() {
    }

    /** The id of the image servers boot from; fails clearly when {@code ./kumo up} did not seed it. */
    static String bootable(String token) {
        String id = bootable;
        if (id == null) {
            List<String> ids = given().baseUri(KumoSystem.API).header("X-Auth-Token", token)
                    .get("/image/v2/images?name=" + TINY + "&status=active")
                    .then().statusCode(200).extract().path("images.id");
            if (ids == null || ids.isEmpty()) {
                throw new AssertionError("no active image " + TINY + ": ./kumo up seeds it (deploy/images)");
            }
            id = ids.get(0);
            bootable = id;
        }
        return id;
    }
}
