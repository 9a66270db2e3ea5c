package dev.kumo.gateway.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MicroversionTest {

    @Test
    void versionsInTheRangeAreAccepted() {
        assertEquals(new Microversion(2, 1), Microversion.parse("2.1"));
        assertEquals(new Microversion(2, 37), Microversion.parse(" 2.37 "));
        assertEquals(Microversion.MAX, Microversion.parse("latest"));
    }

    @Test
    void aVersionOutsideTheRangeIsNotAcceptable() {
        assertEquals(406, assertThrows(ComputeError.class, () -> Microversion.parse("2.38")).status());
        assertEquals(406, assertThrows(ComputeError.class, () -> Microversion.parse("3.0")).status());
        assertEquals(406, assertThrows(ComputeError.class, () -> Microversion.parse("2.0")).status());
    }

    @Test
    void aMalformedVersionIsABadRequest() {
        ComputeError error = assertThrows(ComputeError.class, () -> Microversion.parse("2.x"));
        assertEquals(400, error.status());
        assertTrue(error.getMessage().contains("invalid format"));
    }

    @Test
    void theComputeEntryIsPickedFromAHeaderNamingSeveralServices() {
        assertEquals("2.26", MicroversionNegotiation.computeEntry("image 2.5, compute 2.26"));
        assertEquals(null, MicroversionNegotiation.computeEntry("volume 3.1"));
    }

    @Test
    void laterVersionsIncludeEarlierFeatures() {
        assertTrue(Microversion.parse("2.26").atLeast(19));
        assertTrue(!Microversion.parse("2.18").atLeast(19));
    }
}
