package dev.kumo.contracts.instance;

/**
 * One security-group rule of a port, resolved by the sender: a rule naming a remote group arrives as one rule per
 * address of that group's members ({@code remoteCidr} a /32 or /128). Matches Neutron's rule fields.
 *
 * @param protocol a name ({@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}...) or an IP protocol number;
 *     null: any
 * @param portRangeMin the first port (tcp, udp, sctp), or the ICMP type; null: any
 * @param portRangeMax the last port, or the ICMP code; null: any
 * @param remoteCidr where traffic comes from (ingress) or goes to (egress); null: anywhere
 */
public record PortRule(
        Direction direction,
        Ethertype ethertype,
        String protocol,
        Integer portRangeMin,
        Integer portRangeMax,
        String remoteCidr) {

    public enum Direction {
        INGRESS, EGRESS
    }

    @SuppressWarnings("java:S115") // Neutron's spelling
    public enum Ethertype {
        IPv4, IPv6
    }

    /** Everything of the ethertype in the direction, as Neutron's default egress rules. */
    public static PortRule any(Direction direction, Ethertype ethertype) {
        return new PortRule(direction, ethertype, null, null, null, null);
    }
}
