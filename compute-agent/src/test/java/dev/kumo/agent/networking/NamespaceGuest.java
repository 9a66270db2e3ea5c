package dev.kumo.agent.networking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;

/**
 * A guest made of a network namespace instead of a VM, for tests of the host side on the real kernel: its eth0 is
 * a veth whose host end is named and bridged as libvirt would name and bridge the port's tap, with the port's MAC.
 * It asks DHCP with busybox's udhcpc and kumo-tiny's udhcpc script, pings with busybox, and remembers who pinged it.
 * Closing removes it.
 */
final class NamespaceGuest implements AutoCloseable {

    private final HostCommands commands = new HostCommands();
    private final String namespace = "kumo-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String tap;

    NamespaceGuest(HostPort port) {
        this.tap = port.tap();
        commands.run("ip", "netns", "add", namespace);
        commands.run("ip", "link", "add", tap, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        commands.run("ip", "link", "set", tap, "master", port.segment().bridge(), "up");
        commands.run("ip", "-n", namespace, "link", "set", "eth0", "address", port.mac(), "up");
        commands.run("ip", "-n", namespace, "link", "set", "lo", "up");
        EchoSources.record(commands, namespace);
    }

    /** Asks DHCP for an address and answers the one eth0 then has, e.g. {@code 10.0.0.11/24}; empty if none. */
    String dhcp() {
        commands.attempt("ip", "netns", "exec", namespace, "busybox", "udhcpc", "-i", "eth0", "-s",
                udhcpcScript().toString(), "-n", "-q", "-t", "5", "-T", "1");
        String shown = commands.run("ip", "-n", namespace, "-4", "-o", "addr", "show", "dev", "eth0");
        return shown.lines().map(line -> line.trim().split("\\s+")).filter(fields -> fields.length > 3)
                .map(fields -> fields[3]).findFirst().orElse("");
    }

    /**
     * Whether one of up to three pings, a second apart, is answered: the first may wait out an address resolution
     * that was failing just before.
     */
    boolean pings(String target) {
        return pings(commands, namespace, target);
    }

    /** As {@link #pings(String)}, from any namespace (the test's outside host too). */
    static boolean pings(HostCommands commands, String namespace, String target) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (commands.attempt("ip", "netns", "exec", namespace, "busybox", "ping", "-c", "1", "-W", "1", target)
                    .ok()) {
                return true;
            }
        }
        return false;
    }

    /** Pings from another address of its own, which its port does not have. */
    boolean pingsFrom(String source, String target) {
        commands.run("ip", "-n", namespace, "addr", "add", source + "/24", "dev", "eth0");
        return commands.attempt("ip", "netns", "exec", namespace, "busybox", "ping", "-c", "1", "-W", "1", "-I",
                source, target).ok();
    }

    /** The addresses that pinged it. */
    Set<String> pingedBy() {
        return EchoSources.seen(commands, namespace);
    }

    void changeMac(String mac) {
        commands.run("ip", "-n", namespace, "link", "set", "eth0", "address", mac);
    }

    @Override
    public void close() {
        commands.attempt("ip", "netns", "delete", namespace);
        commands.attempt("ip", "link", "delete", tap);
    }

    private static Path udhcpcScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("deploy/images/tiny-udhcpc.sh");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("no deploy/images/tiny-udhcpc.sh above " + Path.of("").toAbsolutePath());
    }
}
