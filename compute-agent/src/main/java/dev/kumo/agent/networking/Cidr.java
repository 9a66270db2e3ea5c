package dev.kumo.agent.networking;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network or address with a prefix length, parsed without DNS. */
record Cidr(InetAddress network, int prefixLength) {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    /** {@code 10.0.0.0/24}, or a bare address as a host route (/32, /128). */
    static Cidr parse(String what, String text) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        String[] parts = text.split("/", -1);
        InetAddress address = address(what, parts[0]);
        int bits = bits(address);
        int prefix;
        try {
            prefix = parts.length == 1 ? bits : Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be an address/prefix, got " + text);
        }
        if (parts.length > 2 || prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException(what + " must be an address/prefix with a prefix of 0 to " + bits
                    + ", got " + text);
        }
        return new Cidr(masked(address, prefix), prefix);
    }

    /** An IPv4 or IPv6 literal; {@code what} names the field in the error. */
    static InetAddress address(String what, String literal) {
        if (literal == null || !LITERAL.matcher(literal).matches() || !(literal.contains(".") || literal.contains(":"))) {
            throw new IllegalArgumentException(what + " must be an IPv4 or IPv6 address, got " + literal);
        }
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + " must be an IPv4 or IPv6 address, got " + literal, e);
        }
    }

    boolean ipv6() {
        return bits(network) == 128;
    }

    boolean contains(InetAddress address) {
        return bits(address) == bits(network) && masked(address, prefixLength).equals(network);
    }

    /** The netmask, as dotted quad for IPv4. */
    String netmask() {
        return addressOf(BigInteger.ONE.shiftLeft(bits(network)).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits(network) - prefixLength).subtract(BigInteger.ONE)), bits(network))
                .getHostAddress();
    }

    /** The n-th address counted down from the top of the network, skipping IPv4's broadcast address (n = 1). */
    InetAddress fromTop(int n) {
        BigInteger last = new BigInteger(1, network.getAddress())
                .add(BigInteger.ONE.shiftLeft(bits(network) - prefixLength)).subtract(BigInteger.ONE);
        return addressOf(last.subtract(BigInteger.valueOf(ipv6() ? n - 1L : n)), bits(network));
    }

    /** How many addresses the network holds. */
    BigInteger size() {
        return BigInteger.ONE.shiftLeft(bits(network) - prefixLength);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static int bits(InetAddress address) {
        return address.getAddress().length * 8;
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return addressOf(bytes);
    }

    private static InetAddress addressOf(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[bits / 8];
        for (int i = 0; i < bytes.length && i < raw.length; i++) {
            bytes[bytes.length - 1 - i] = raw[raw.length - 1 - i];
        }
        return addressOf(bytes);
    }

    private static InetAddress addressOf(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a wrong array length
        }
    }
}
