package dev.kumo.image.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Reading the safety-relevant fields of a qcow2 header. */
class Qcow2HeaderTest {

    @Test
    void aPlainV3HeaderHasItsVirtualSizeAndNoExternalFiles() {
        Qcow2Header header = Qcow2Header.parse(header(3, 104, 0, 0, 10L << 30, 0)).orElseThrow();

        assertEquals(3, header.version());
        assertEquals(10L << 30, header.virtualSize());
        assertFalse(header.hasBackingFile());
        assertFalse(header.hasExternalDataFile());
    }

    @Test
    void aBackingFileIsSeenByItsOffsetOrSize() {
        assertTrue(Qcow2Header.parse(header(3, 104, 0x1000, 12, 1, 0)).orElseThrow().hasBackingFile());
        assertTrue(Qcow2Header.parse(header(2, 72, 0, 5, 1, 0)).orElseThrow().hasBackingFile());
    }

    @Test
    void theExternalDataFileIsIncompatibleFeatureBitTwo() {
        assertTrue(Qcow2Header.parse(header(3, 104, 0, 0, 1, 0b100)).orElseThrow().hasExternalDataFile());
        assertFalse(Qcow2Header.parse(header(3, 104, 0, 0, 1, 0b011)).orElseThrow().hasExternalDataFile());
    }

    @Test
    void versionTwoHeadersHaveNoFeatureBits() {
        byte[] v2 = header(2, 72, 0, 0, 1, 0);
        ByteBuffer.wrap(v2).putLong(72, -1L);

        assertFalse(Qcow2Header.parse(v2).orElseThrow().hasExternalDataFile());
    }

    @Test
    void dataWithoutTheMagicIsNotQcow2() {
        assertTrue(Qcow2Header.parse(new byte[512]).isEmpty());
        assertTrue(Qcow2Header.parse(new byte[] {'Q', 'F'}).isEmpty());
    }

    @Test
    void aTruncatedHeaderIsRefused() {
        byte[] truncated = new byte[80];
        System.arraycopy(header(3, 104, 0, 0, 1, 0), 0, truncated, 0, 80);

        assertThrows(IllegalArgumentException.class, () -> Qcow2Header.parse(truncated));
    }

    static byte[] header(int version, int length, long backingOffset, int backingSize, long virtualSize, long incompatible) {
        ByteBuffer header = ByteBuffer.allocate(Math.max(length, 112));
        header.putInt(0, Qcow2Header.MAGIC);
        header.putInt(4, version);
        header.putLong(8, backingOffset);
        header.putInt(16, backingSize);
        header.putInt(20, 16);
        header.putLong(24, virtualSize);
        if (version >= 3) {
            header.putLong(72, incompatible);
            header.putInt(100, length);
        }
        return header.array();
    }
}
