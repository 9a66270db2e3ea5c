package dev.kumo.image.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kumo.image.errors.ImageError;
import org.junit.jupiter.api.Test;

/** Reading Glance JSON patches: one change per top-level attribute, JSON-pointer escapes honoured. */
class ImagePatchParsingTest {

    @Test
    void changesAreReadInOrderWithTheirAttributeNames() {
        ImagePatch patch = ImagePatch.parse("""
                [{"op": "add", "path": "/hw_qemu_guest_agent", "value": "yes"},
                 {"op": "remove", "path": "/os~1distro~0x"}]""");

        assertEquals("hw_qemu_guest_agent", patch.changes().get(0).attribute());
        assertEquals("add", patch.changes().get(0).op());
        assertEquals("os/distro~x", patch.changes().get(1).attribute());
    }

    @Test
    void theDraft4FormNamesTheOperationAsTheKey() {
        ImagePatch patch = ImagePatch.parse("""
                [{"replace": "/name", "value": "new"}, {"remove": "/os_distro"}]""");

        assertEquals("replace", patch.changes().get(0).op());
        assertEquals("name", patch.changes().get(0).attribute());
        assertEquals("new", patch.changes().get(0).value().textValue());
        assertEquals("remove", patch.changes().get(1).op());
        assertEquals("os_distro", patch.changes().get(1).attribute());
    }

    @Test
    void badPatchesAre400() {
        for (String bad : new String[] {"", "{}", "[1]", "[{\"op\": \"copy\", \"path\": \"/a\"}]",
                "[{\"op\": \"add\", \"path\": \"a\", \"value\": \"x\"}]", "[{\"op\": \"replace\", \"path\": \"/a\"}]",
                "[{\"op\": \"remove\"}]", "[{\"op\": \"add\", \"path\": \"/\", \"value\": \"x\"}]",
                "[{\"replace\": \"/a\", \"add\": \"/b\", \"value\": \"x\"}]", "[{\"replace\": \"/a\"}]",
                "[{\"remove\": 3}]", "[{\"path\": \"/a\", \"value\": \"x\"}]"}) {
            ImageError error = assertThrows(ImageError.class, () -> ImagePatch.parse(bad), bad);
            assertEquals(400, error.status(), bad);
        }
    }
}
