package dev.kumo.agent.hosts;

import dev.kumo.agent.AgentConfig;
import dev.kumo.agent.AgentConfig.HypervisorKind;
import dev.kumo.agent.disks.QemuImg;
import dev.kumo.agent.images.ImageCache;
import dev.kumo.agent.images.ImageData;
import dev.kumo.agent.hypervisor.DomainDefinition;
import dev.kumo.agent.hypervisor.DomainRecords;
import dev.kumo.agent.hypervisor.DomainType;
import dev.kumo.agent.hypervisor.LibvirtHypervisor;
import dev.kumo.agent.hypervisor.QemuDomainDefinition;
import dev.kumo.agent.hypervisor.QemuDomainDefinition.DirectBoot;
import dev.kumo.agent.hypervisor.RefusingDomainDefinition;
import dev.kumo.agent.hypervisor.TestDomainDefinition;
import dev.kumo.agent.hypervisor.TestNode;
import dev.kumo.agent.networking.LinuxNetworks;
import dev.kumo.contracts.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Turns the configuration into the hosts of this process: one QEMU host, one test host on its own private
 * test-driver hypervisor, or a simulated fleet of N test hosts, each with its own node file.
 */
final class HostSetup {

    private static final Logger LOG = Logger.getLogger(HostSetup.class);

    private final AgentConfig config;
    private final ImageData images;
    private final Clock clock;

    HostSetup(AgentConfig config, ImageData images, Clock clock) {
        this.config = config;
        this.images = images;
        this.clock = clock;
        if (config.simulatedHosts() < 0) {
            throw new IllegalArgumentException("kumo.agent.simulated-hosts cannot be negative");
        }
        if (config.simulatedHosts() > 0 && config.hypervisor() != HypervisorKind.TEST) {
            throw new IllegalArgumentException("kumo.agent.simulated-hosts needs kumo.agent.hypervisor=test");
        }
    }

    /** The configured state directory, or /var/lib/kumo when running as root, else .kumo/agent in the working dir. */
    Path stateDirectory() {
        return dev.kumo.agent.StateDirectory.of(config);
    }

    String baseHostName() {
        return config.hostName().filter(name -> !name.isBlank()).orElseGet(LocalHostName::get);
    }

    List<String> hostNames() {
        int simulated = config.simulatedHosts();
        if (simulated == 0) {
            return List.of(baseHostName());
        }
        String format = "%s-%0" + Math.max(4, Integer.toString(simulated).length()) + "d";
        return IntStream.rangeClosed(1, simulated).mapToObj(i -> format.formatted(baseHostName(), i)).toList();
    }

    /** Connects every host; on failure closes the ones already open. */
    List<Host> open() {
        List<Host> hosts = new ArrayList<>();
        try {
            for (String name : hostNames()) {
                hosts.add(config.hypervisor() == HypervisorKind.QEMU ? qemuHost(name) : testHost(name));
            }
            return hosts;
        } catch (RuntimeException e) {
            hosts.forEach(host -> host.hypervisor().close());
            throw e;
        }
    }

    private Host testHost(String name) {
        AgentConfig.TestHosts test = config.test();
        Resources capacity = new Resources(test.vcpus(), test.memoryMb(), test.diskGb());
        String uri = config.libvirtUri().filter(any -> config.simulatedHosts() == 0)
                .orElseGet(() -> TestNode.write(stateDirectory().resolve("hosts").resolve(name + ".xml"), capacity));
        // The test driver forgets its domains with the process: they are recorded under domains/<host>/
        // and defined again here, so a restarted agent finds its instances as a real host's libvirtd would.
        DomainDefinition definition = new TestDomainDefinition(stateDirectory().resolve("instances"));
        if (test.refuseSpawns().orElse(List.of()).contains(name)) {
            LOG.warnf("test host %s refuses every spawn (kumo.agent.test.refuse-spawns)", name);
            definition = new RefusingDomainDefinition(definition);
        }
        LibvirtHypervisor hypervisor = LibvirtHypervisor.open(uri, definition, test::diskGb,
                DomainRecords.in(stateDirectory().resolve("domains").resolve(name)));
        return new Host(name, hypervisor, "test", DomainType.TEST, uri);
    }

    private Host qemuHost(String name) {
        AgentConfig.Qemu qemu = config.qemu();
        DomainType type = DomainType.forQemu(qemu.domainType());
        Path instances = stateDirectory().resolve("instances");
        createDirectory(instances);
        ImageCache cache = new ImageCache(stateDirectory().resolve("image-cache"), images, new QemuImg(), clock,
                config.imageCache().keepUnused());
        LinuxNetworks networks = new LinuxNetworks(stateDirectory().resolve("networks"));
        QemuDomainDefinition definition = new QemuDomainDefinition(type, instances, directBoot(qemu), cache,
                networks::interfaces);
        String uri = config.libvirtUri().orElse("qemu:///system");
        LibvirtHypervisor hypervisor = LibvirtHypervisor.open(uri, definition,
                () -> qemu.diskGb().orElseGet(() -> fileSystemGb(instances)));
        return new Host(name, hypervisor, "QEMU", type, uri, networks);
    }

    private static Optional<DirectBoot> directBoot(AgentConfig.Qemu qemu) {
        if (qemu.kernel().isPresent() != qemu.initrd().isPresent()) {
            throw new IllegalArgumentException("set both kumo.agent.qemu.kernel and kumo.agent.qemu.initrd, or neither");
        }
        return qemu.kernel().map(kernel -> new DirectBoot(kernel, qemu.initrd().orElseThrow(), qemu.cmdline()));
    }

    private static long fileSystemGb(Path directory) {
        try {
            return Files.getFileStore(directory).getTotalSpace() >> 30;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure the file system of " + directory, e);
        }
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }
}
