package dev.kumo.image.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading one Range header against an image's size. */
class ByteRangeTest {

    @Test
    void aClosedRangeIsClippedToTheImage() {
        assertEquals(Optional.of(new ByteRange(2, 9)), ByteRange.parse("bytes=2-100", 10));
        assertEquals("bytes 2-9/10", ByteRange.parse("bytes=2-100", 10).orElseThrow().contentRange(10));
    }

    @Test
    void openAndSuffixRangesReachTheEnd() {
        assertEquals(Optional.of(new ByteRange(4, 9)), ByteRange.parse("bytes=4-", 10));
        assertEquals(Optional.of(new ByteRange(7, 9)), ByteRange.parse("bytes=-3", 10));
        assertEquals(3, ByteRange.parse("bytes=-3", 10).orElseThrow().length());
    }

    @Test
    void noHeaderOrOneThatIsNotASingleByteRangeMeansTheWholeImage() {
        assertEquals(Optional.empty(), ByteRange.parse(null, 10));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=0-1,4-5", 10));
        assertEquals(Optional.empty(), ByteRange.parse("items=0-1", 10));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=-", 10));
    }

    @Test
    void aRangeBeyondTheImageIsUnsatisfiable() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=10-12", 10));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=5-2", 10));
    }
}
