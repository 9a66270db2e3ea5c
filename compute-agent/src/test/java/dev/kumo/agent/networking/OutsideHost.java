package dev.kumo.agent.networking;

import java.util.Set;
import java.util.UUID;

/**
 * A machine on an external network, made of a network namespace: its eth0 is a veth into the network's bridge with
 * a static address, and it remembers who pinged it ({@link EchoSources}). Closing removes it.
 */
final class OutsideHost implements AutoCloseable {

    private final HostCommands commands = new HostCommands();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String namespace = "kumo-test-" + id;
    private final String veth = "kxt" + id;

    /** On the segment's bridge at {@code address}, e.g. {@code 198.51.100.250/24}. */
    OutsideHost(Segment segment, String address) {
        commands.run("ip", "netns", "add", namespace);
        commands.run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        commands.run("ip", "link", "set", veth, "master", segment.bridge(), "up");
        commands.run("ip", "-n", namespace, "addr", "add", address, "dev", "eth0");
        commands.run("ip", "-n", namespace, "link", "set", "eth0", "up");
        commands.run("ip", "-n", namespace, "link", "set", "lo", "up");
        EchoSources.record(commands, namespace);
    }

    /**
     * Whether one of up to three pings, a second apart, is answered: the first may wait out an address resolution
     * that was failing just before.
     */
    boolean pings(String target) {
        return NamespaceGuest.pings(commands, namespace, target);
    }

    /** The addresses that pinged it. */
    Set<String> pingedBy() {
        return EchoSources.seen(commands, namespace);
    }

    @Override
    public void close() {
        commands.attempt("ip", "link", "delete", veth);
        commands.attempt("ip", "netns", "delete", namespace);
    }
}
