package dev.kumo.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Addresses and prefixes have one spelling each, the one IPAM's unique key compares. */
class IpAddressTest {

    @Test
    void ipv6IsWrittenAsRfc5952Says() {
        assertEquals("2001:db8::1", text("2001:0DB8:0:0:0:0:0:1"));
        assertEquals("2001:db8:9:0:f816:3eff:fe12:3456", text("2001:db8:9::f816:3eff:fe12:3456"));
        assertEquals("::", text("0:0:0:0:0:0:0:0"));
        assertEquals("fe80::", text("fe80:0:0:0:0:0:0:0"));
        assertEquals("2001:0:0:1::1", text("2001:0:0:1:0:0:0:1"));
    }

    @Test
    void onlyLiteralAddressesParseNeverHostNames() {
        assertTrue(IpAddress.parse("10.0.0.1").isPresent());
        assertFalse(IpAddress.parse("localhost").isPresent());
        assertFalse(IpAddress.parse("10.0.0.256").isPresent());
        assertFalse(IpAddress.parse("192.168.1.").isPresent());
        assertFalse(IpAddress.parse("256").isPresent());
    }

    @Test
    void prefixesKnowTheirRangeAndOverlaps() {
        Cidr cidr = Cidr.parse("10.0.0.5/24").orElseThrow();
        assertFalse(cidr.isMasked());
        assertEquals("10.0.0.0/24", cidr.masked().toString());
        assertEquals("10.0.0.255", cidr.last().toString());
        assertTrue(cidr.overlaps(Cidr.parse("10.0.0.128/25").orElseThrow()));
        assertFalse(cidr.overlaps(Cidr.parse("10.0.1.0/24").orElseThrow()));
        assertFalse(Cidr.parse("10.0.0.0/33").isPresent());
    }

    private static String text(String address) {
        return IpAddress.parse(address).orElseThrow().toString();
    }
}
