package dev.kumo.agent.configdrive;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals, parsed without ever asking DNS. */
final class IpLiterals {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiterals() {
    }

    /** The address of an IPv4 or IPv6 literal; {@code what} names the field in the error. */
    static InetAddress parse(String what, String literal) {
        if (literal == null || !(IPV4.matcher(literal).matches() || IPV6.matcher(literal).matches())) {
            throw new IllegalArgumentException(what + " must be an IPv4 or IPv6 address, got " + literal);
        }
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + " must be an IPv4 or IPv6 address, got " + literal, e);
        }
    }

    /** The netmask of a prefix, written the way the address family writes addresses. */
    static String netmask(int prefixLength, boolean ipv6) {
        byte[] mask = new byte[ipv6 ? 16 : 4];
        for (int bit = 0; bit < prefixLength; bit++) {
            mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(mask).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a wrong array length
        }
    }
}
