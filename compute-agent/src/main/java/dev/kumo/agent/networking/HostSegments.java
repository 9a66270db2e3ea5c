package dev.kumo.agent.networking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Makes and removes the segments of tenant networks on this Linux host, each step checking what exists first:
 * <ol>
 * <li>the bridge {@code kbr<segment>}, with no address of the host on it (IPv6 off), its bridged traffic handed to
 * the inet-family firewall ({@code nf_call_iptables}); the guests' taps join it when their domains start;</li>
 * <li>the namespace {@code kumo-dhcp-<segment>}, joined to the bridge by the veth pair {@code kvh<segment>} /
 * {@code dhcp}, which holds the DHCP server's address in each subnet. Nothing of a tenant's addresses is in the
 * host's own namespace, so two tenants' CIDRs may overlap on one host;</li>
 * <li>dnsmasq in that namespace, from the files in {@code <directory>/<segment>/}: restarted when its
 * configuration changed, told to re-read its hosts and options otherwise.</li>
 * </ol>
 * A segment with no ports on this host but a router's leg (a router's external network, or a tenant network whose
 * last port left before its router did) is the bridge alone: it needs no DHCP server.
 */
final class HostSegments {

    private static final Logger LOG = Logger.getLogger(HostSegments.class);
    private static final Path BRIDGE_NETFILTER = Path.of("/proc/sys/net/bridge");

    private final Path directory;
    private final HostCommands commands;

    HostSegments(Path directory, HostCommands commands) {
        this.directory = directory.toAbsolutePath();
        this.commands = commands;
    }

    /**
     * Brings the segment and its DHCP server to what its ports need. Without ports (only routers' legs are on it)
     * the segment is its bridge alone, at the MTU it has.
     */
    void ensure(Segment segment, List<HostPort> ports) {
        Path files = files(segment);
        createDirectories(files);
        if (ports.isEmpty()) {
            ensureBridge(segment, currentMtu(segment.bridge()).orElse(HostPort.DEFAULT_MTU));
            removeDhcpServer(segment);
            return;
        }
        int mtu = ports.stream().mapToInt(HostPort::mtu).min().orElse(HostPort.DEFAULT_MTU);
        ensureBridge(segment, mtu);
        ensureNamespace(segment, mtu);
        DhcpConfig dhcp = DhcpConfig.of(segment, ports, files);
        ensureServerAddresses(segment, dhcp.serverAddresses());
        ensureDnsmasq(segment, dhcp, files);
    }

    /** Takes the segment away: dnsmasq, the namespace (with its end of the veth pair), the bridge, its files. */
    void remove(Segment segment) {
        removeDhcpServer(segment);
        deleteLink(segment.bridge());
        deleteRecursively(files(segment));
        LOG.infof("segment %s is gone from this host", segment.name());
    }

    /** Stops the segment's dnsmasq and removes its namespace with the veth pair. */
    private void removeDhcpServer(Segment segment) {
        dnsmasqPid(segment).ifPresent(pid -> stop(segment, pid));
        deleteLink(segment.veth()); // first: a namespace's devices go some time after the namespace
        if (Files.exists(Path.of("/run/netns", segment.namespace()))) {
            commands.run("ip", "netns", "delete", segment.namespace());
        }
    }

    /** The segments that have files here: made, or being taken away when the agent stopped. */
    List<Segment> withFiles() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            List<Segment> segments = new ArrayList<>();
            entries.filter(Files::isDirectory).map(entry -> entry.getFileName().toString()).sorted().forEach(name -> {
                try {
                    segments.add(new Segment(name));
                } catch (IllegalArgumentException e) {
                    LOG.warnf("%s is no segment's directory: left alone", directory.resolve(name));
                }
            });
            return segments;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    boolean bridgeExists(Segment segment) {
        return linkExists(segment.bridge());
    }

    private void ensureBridge(Segment segment, int mtu) {
        requireBridgeNetfilter();
        String bridge = segment.bridge();
        if (!linkExists(bridge)) {
            commands.run("ip", "link", "add", bridge, "type", "bridge");
            LOG.infof("made bridge %s for segment %s", bridge, segment.name());
        }
        writeSysctl(Path.of("/proc/sys/net/ipv6/conf", bridge, "disable_ipv6"), "1");
        commands.run("ip", "link", "set", bridge, "type", "bridge", "nf_call_iptables", "1", "nf_call_ip6tables",
                "1");
        commands.run("ip", "link", "set", bridge, "mtu", Integer.toString(mtu), "up");
    }

    private void ensureNamespace(Segment segment, int mtu) {
        String namespace = segment.namespace();
        if (!Files.exists(Path.of("/run/netns", namespace))) {
            commands.run("ip", "netns", "add", namespace);
        }
        if (!linkExists(segment.veth())) {
            if (commands.attempt("ip", "-n", namespace, "link", "show", Segment.DHCP_INTERFACE).ok()) {
                commands.run("ip", "-n", namespace, "link", "delete", Segment.DHCP_INTERFACE); // half a pair
            }
            commands.run("ip", "link", "add", segment.veth(), "type", "veth", "peer", "name", Segment.DHCP_INTERFACE,
                    "netns", namespace);
        }
        commands.run("ip", "link", "set", segment.veth(), "master", segment.bridge(), "mtu", Integer.toString(mtu),
                "up");
        commands.run("ip", "-n", namespace, "link", "set", "lo", "up");
        commands.run("ip", "-n", namespace, "link", "set", Segment.DHCP_INTERFACE, "mtu", Integer.toString(mtu), "up");
    }

    private void ensureServerAddresses(Segment segment, List<String> wanted) {
        String shown = commands.run("ip", "-n", segment.namespace(), "-o", "-4", "addr", "show", "dev",
                Segment.DHCP_INTERFACE);
        List<String> present = shown.lines().map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length > 3 && fields[2].equals("inet")).map(fields -> fields[3]).toList();
        for (String address : present) {
            if (!wanted.contains(address)) {
                commands.run("ip", "-n", segment.namespace(), "addr", "delete", address, "dev", Segment.DHCP_INTERFACE);
            }
        }
        for (String address : wanted) {
            if (!present.contains(address)) {
                commands.run("ip", "-n", segment.namespace(), "addr", "add", address, "dev", Segment.DHCP_INTERFACE);
            }
        }
    }

    private void ensureDnsmasq(Segment segment, DhcpConfig dhcp, Path files) {
        Path conf = files.resolve("dnsmasq.conf");
        boolean confChanged = write(conf, dhcp.conf());
        boolean listsChanged = write(files.resolve("hosts"), dhcp.hosts()) | write(files.resolve("options"),
                dhcp.options());
        Optional<Long> running = dnsmasqPid(segment);
        if (!dhcp.serves()) {
            running.ifPresent(pid -> stop(segment, pid));
            return;
        }
        if (running.isPresent() && confChanged) {
            stop(segment, running.get());
            running = Optional.empty();
        }
        if (running.isEmpty()) {
            HostCommands.Result started = commands.daemon(files.resolve("dnsmasq.out"), "ip", "netns", "exec",
                    segment.namespace(), "dnsmasq", "--conf-file=" + conf);
            if (!started.ok()) {
                throw new NetworkingException("dnsmasq of segment " + segment.name() + " did not start ("
                        + started.exitCode() + "): " + tail(files.resolve("dnsmasq.out")));
            }
            LOG.infof("DHCP server of segment %s started", segment.name());
        } else if (listsChanged) {
            commands.run("kill", "-HUP", Long.toString(running.get()));
        }
    }

    /**
     * The security groups are stateful only when bridged traffic reaches conntrack (br_netfilter): without it the
     * segment is refused rather than left unfiltered.
     */
    private void requireBridgeNetfilter() {
        if (Files.isDirectory(BRIDGE_NETFILTER)) {
            return;
        }
        commands.attempt("modprobe", "br_netfilter");
        if (!Files.isDirectory(BRIDGE_NETFILTER)) {
            throw new NetworkingException("the kernel's br_netfilter is not available (modprobe br_netfilter failed):"
                    + " the ports' security groups could not be applied");
        }
    }

    /** The pid of the segment's dnsmasq when it runs: the pid file's process, if it runs dnsmasq on that file. */
    Optional<Long> dnsmasqPid(Segment segment) {
        Path pidFile = files(segment).resolve("dnsmasq.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            if (Files.exists(cmdline) && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
                    .contains(files(segment).resolve("dnsmasq.conf").toString())) {
                return Optional.of(pid);
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void stop(Segment segment, long pid) {
        commands.attempt("kill", Long.toString(pid));
        for (int i = 0; i < 50 && Files.exists(Path.of("/proc", Long.toString(pid), "cmdline"))
                && dnsmasqPid(segment).isPresent(); i++) {
            sleep(100);
        }
    }

    private Path files(Segment segment) {
        return directory.resolve(segment.name());
    }

    private void deleteLink(String name) {
        if (linkExists(name)) {
            HostCommands.Result deleted = commands.attempt("ip", "link", "delete", name);
            if (!deleted.ok() && linkExists(name)) {
                throw new NetworkingException("cannot delete " + name + ": " + deleted.output().strip());
            }
        }
    }

    private static Optional<Integer> currentMtu(String link) {
        try {
            Path mtu = Path.of("/sys/class/net", link, "mtu");
            return Files.exists(mtu) ? Optional.of(Integer.parseInt(Files.readString(mtu).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean linkExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    private static void writeSysctl(Path file, String value) {
        try {
            if (Files.exists(file)) {
                Files.writeString(file, value);
            }
        } catch (IOException e) {
            LOG.debugf("cannot write %s: %s", file, e.getMessage());
        }
    }

    /** Writes the file if its content differs; says whether it did. */
    private static boolean write(Path file, String content) {
        try {
            if (Files.exists(file) && Files.readString(file).equals(content)) {
                return false;
            }
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, content);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file) : "";
            return text.length() > 500 ? text.substring(text.length() - 500) : text;
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
