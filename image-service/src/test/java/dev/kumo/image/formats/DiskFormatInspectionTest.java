package dev.kumo.image.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.image.formats.DiskFormatInspection.UnsafeImage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the upload lets into the store, decided from the data's first bytes. */
class DiskFormatInspectionTest {

    @Test
    void aSelfContainedQcow2YieldsItsVirtualSize() {
        assertEquals(Optional.of(5L << 30), DiskFormatInspection.inspect("qcow2", Qcow2HeaderTest.header(3, 104, 0, 0, 5L << 30, 0)));
    }

    @Test
    void backingAndExternalDataFilesAreRefusedWhateverTheDeclaredFormat() {
        byte[] backed = Qcow2HeaderTest.header(3, 104, 0x200, 8, 1, 0);
        byte[] external = Qcow2HeaderTest.header(3, 104, 0, 0, 1, 0b100);

        for (String format : new String[] {"qcow2", "raw", "iso"}) {
            assertTrue(assertThrows(UnsafeImage.class, () -> DiskFormatInspection.inspect(format, backed))
                    .getMessage().contains("backing file"));
            assertTrue(assertThrows(UnsafeImage.class, () -> DiskFormatInspection.inspect(format, external))
                    .getMessage().contains("external data file"));
        }
    }

    @Test
    void qcow2ImagesMustStartWithAQcow2Header() {
        assertThrows(UnsafeImage.class, () -> DiskFormatInspection.inspect("qcow2", "#!/bin/sh".getBytes()));
        assertThrows(UnsafeImage.class, () -> DiskFormatInspection.inspect("qcow2", new byte[0]));
    }

    @Test
    void otherDataPassesWithoutAVirtualSize() {
        assertEquals(Optional.empty(), DiskFormatInspection.inspect("raw", new byte[512]));
        assertEquals(Optional.empty(), DiskFormatInspection.inspect("aki", new byte[0]));
    }
}
