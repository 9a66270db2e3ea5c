package dev.kumo.network.ipam;

import java.math.BigInteger;
import java.util.Optional;

/** A network prefix, {@code 10.0.0.0/24} or {@code 2001:db8::/64}: which addresses a subnet or a rule covers. */
public record Cidr(IpAddress network, int prefixLength) {

    /** A prefix in CIDR notation; host bits may be set (see {@link #isCanonical(String)}). */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Optional<IpAddress> ip = IpAddress.parse(address);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        int length = ip.get().bits();
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (!digits.matches("\\d{1,3}")) {
                return Optional.empty();
            }
            length = Integer.parseInt(digits);
            if (length > ip.get().bits()) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(ip.get(), length));
    }

    public int version() {
        return network.version();
    }

    /** The same prefix with its host bits cleared: {@code 10.0.0.5/24} is {@code 10.0.0.0/24}. */
    public Cidr masked() {
        return new Cidr(first(), prefixLength);
    }

    public boolean isMasked() {
        return network.equals(first());
    }

    public IpAddress first() {
        return new IpAddress(version(), network.value().andNot(hostMask()));
    }

    public IpAddress last() {
        return new IpAddress(version(), network.value().or(hostMask()));
    }

    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(network.bits() - prefixLength);
    }

    public boolean contains(IpAddress address) {
        return address.version() == version() && address.compareTo(first()) >= 0 && address.compareTo(last()) <= 0;
    }

    public boolean overlaps(Cidr other) {
        return other.version() == version() && (contains(other.first()) || other.contains(first()));
    }

    private BigInteger hostMask() {
        return BigInteger.ONE.shiftLeft(network.bits() - prefixLength).subtract(BigInteger.ONE);
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
