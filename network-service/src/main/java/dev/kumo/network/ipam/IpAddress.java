package dev.kumo.network.ipam;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address as a number, written canonically (IPv6 compressed as RFC 5952 says), so that one
 * address always has one spelling: the spelling IPAM's unique key compares.
 */
public record IpAddress(int version, BigInteger value) implements Comparable<IpAddress> {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    /** A literal address, never a host name (nothing is resolved). */
    public static Optional<IpAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.contains(":") && IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            if (v4 != (bytes.length == 4)) {
                return Optional.empty();
            }
            return Optional.of(new IpAddress(bytes.length == 4 ? 4 : 6, new BigInteger(1, bytes)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public int bits() {
        return version == 4 ? 32 : 128;
    }

    public IpAddress plus(long delta) {
        return new IpAddress(version, value.add(BigInteger.valueOf(delta)));
    }

    @Override
    public int compareTo(IpAddress other) {
        return version != other.version ? Integer.compare(version, other.version) : value.compareTo(other.value);
    }

    @Override
    public String toString() {
        if (version == 4) {
            long v = value.longValue();
            return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
