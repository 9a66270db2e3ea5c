package dev.kumo.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

    @Test
    void anImagesIdBecomesAPlaceholder() {
        assertEquals("/image/v2/images/{id}",
                RouteTemplates.of("/image", "/image/v2/images/0f9a3c4e-1b2d-4e5f-8a9b-0c1d2e3f4a5b"));
        assertEquals("/image/v2/images/{id}/file", RouteTemplates.of("/image", "/image/v2/images/anything/file"));
    }

    @Test
    void aSubResourcesIdBecomesAPlaceholderToo() {
        assertEquals("/image/v2/images/{id}/tags/{id}", RouteTemplates.of("/image", "/image/v2/images/abc/tags/blue"));
        assertEquals("/image/v2/images/{id}/members/{id}",
                RouteTemplates.of("/image", "/image/v2/images/abc/members/5f2b"));
    }

    @Test
    void collectionsAndActionsStayAsTheyAre() {
        assertEquals("/network/v2.0/ports", RouteTemplates.of("/network", "/network/v2.0/ports"));
        assertEquals("/network/v2.0/routers/{id}/add_router_interface",
                RouteTemplates.of("/network", "/network/v2.0/routers/r-1/add_router_interface"));
        assertEquals("/network/v2.0/security-group-rules",
                RouteTemplates.of("/network", "/network/v2.0/security-group-rules"));
    }

    @Test
    void versionDiscoveryKeepsItsShape() {
        assertEquals("/image", RouteTemplates.of("/image", "/image"));
        assertEquals("/image/", RouteTemplates.of("/image", "/image/"));
        assertEquals("/network/v2.0/", RouteTemplates.of("/network", "/network/v2.0/"));
    }

    @Test
    void aCallersValueWhereAWordBelongsIsNotKept() {
        assertEquals("/network/{name}/{id}", RouteTemplates.of("/network", "/network/0A1B%20X/7"));
    }
}
