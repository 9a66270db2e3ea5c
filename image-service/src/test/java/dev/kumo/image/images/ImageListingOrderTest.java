package dev.kumo.image.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kumo.image.errors.ImageError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Turning Glance's sort parameters into an order; the id always breaks ties. */
class ImageListingOrderTest {

    @Test
    void theNewestComeFirstByDefault() {
        assertEquals("i.createdAt desc, i.id desc", ImageListing.order(Map.of()));
    }

    @Test
    void sortTakesKeysWithOptionalDirections() {
        assertEquals("i.name asc, i.size desc, i.id desc", ImageListing.order(Map.of("sort", List.of("name,size:desc"))));
    }

    @Test
    void oneSortDirAppliesToEveryKeyOrOneEach() {
        assertEquals("i.name asc, i.status asc, i.id asc",
                ImageListing.order(Map.of("sort_key", List.of("name", "status"), "sort_dir", List.of("asc"))));
        assertEquals("i.name asc, i.status desc, i.id desc",
                ImageListing.order(Map.of("sort_key", List.of("name", "status"), "sort_dir", List.of("asc", "desc"))));
    }

    @Test
    void unknownKeysAndDirectionsAreRefused() {
        assertThrows(ImageError.class, () -> ImageListing.order(Map.of("sort_key", List.of("checksum"))));
        assertThrows(ImageError.class, () -> ImageListing.order(Map.of("sort", List.of("name:up"))));
        assertThrows(ImageError.class, () -> ImageListing.order(
                Map.of("sort_key", List.of("name", "status", "size"), "sort_dir", List.of("asc", "desc"))));
    }
}
