package dev.kumo.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's settings, {@code kumo.agent.*}; each has an environment variable, e.g. {@code KUMO_AGENT_HYPERVISOR}.
 * See compute-agent/README.md.
 */
@ConfigMapping(prefix = "kumo.agent")
public interface AgentConfig {

    /** {@code qemu} (real guests on qemu:///system) or {@code test} (libvirt's in-memory test driver). */
    @WithDefault("test")
    HypervisorKind hypervisor();

    /** The libvirt URI; defaults to qemu:///system for qemu and a private node file per host for test. */
    Optional<String> libvirtUri();

    /** The name of this host as the scheduler knows it; defaults to the machine's host name. */
    Optional<String> hostName();

    /** With N > 0 (test only) the process runs N hosts named {@code <host-name>-0001}...: a fleet for scale tests. */
    @WithDefault("0")
    int simulatedHosts();

    /** Where the agent keeps node files and instance files; defaults to /var/lib/kumo for root, else .kumo/agent. */
    Optional<Path> stateDir();

    /** Where the gateway reaches this agent over HTTP; defaults to http://<host name>:<http port>. */
    Optional<String> advertisedUrl();

    @WithDefault("10s")
    Duration heartbeatInterval();

    /** How often each host's registration is compared with the one last sent, and sent again if it changed. */
    @WithDefault("60s")
    Duration registrationInterval();

    /** How often every host's registration is sent, changed or not (a scheduler that lost a host gets it back). */
    @WithDefault("10m")
    Duration registrationRefresh();

    /** How long a guest gets to act on the power button (stop, soft reboot) before it is powered off or reset. */
    @WithDefault("60s")
    Duration shutdownTimeout();

    /** How often every domain's power state is compared with the one last reported (lifecycle events come between). */
    @WithDefault("60s")
    Duration powerSyncInterval();

    TestHosts test();

    Images images();

    Networks networks();

    ImageCache imageCache();

    Qemu qemu();

    enum HypervisorKind {
        QEMU,
        TEST
    }

    /** Where the agent reads and writes images (snapshots), and the service credentials it does so with. */
    interface Images {

        /** The image service's internal endpoint (Glance v2 under it). */
        @WithDefault("http://127.0.0.1:8092")
        String url();

        /** The OIDC token endpoint the agent gets its service token from (client credentials). */
        @WithDefault("http://127.0.0.1:8180/realms/kumo/protocol/openid-connect/token")
        String tokenUrl();

        @WithDefault("kumo-compute")
        String clientId();

        @WithDefault("kumo-compute-secret")
        String clientSecret();
    }

    /** Where the agent makes and binds its instances' ports (with the service credentials of {@link #images()}). */
    interface Networks {

        /** The network service's internal endpoint (Neutron v2.0 under it). */
        @WithDefault("http://127.0.0.1:8093")
        String url();
    }

    /** The host's cache of the images its instances boot from (QEMU hosts). */
    interface ImageCache {

        /**
         * How long an image no instance uses stays cached, so that the next instance of it starts without a
         * download (Nova keeps unused base images for a day).
         */
        @WithDefault("PT24H")
        Duration keepUnused();
    }

    /** The capacity of each test-driver host. */
    interface TestHosts {

        @WithDefault("64")
        int vcpus();

        @WithDefault("131072")
        long memoryMb();

        @WithDefault("2048")
        long diskGb();

        /**
         * Test hosts (by name) that refuse every spawn, as a host with a broken hypervisor would: a fault injected
         * to exercise rescheduling. Empty in any real deployment.
         */
        Optional<java.util.List<String>> refuseSpawns();
    }

    interface Qemu {

        /** {@code auto} (kvm when /dev/kvm works and the CPU has vmx/svm, else qemu), {@code kvm} or {@code qemu}. */
        @WithDefault("auto")
        String domainType();

        /** A kernel to boot guests with directly (with {@link #initrd()}); without it guests sit in firmware. */
        Optional<Path> kernel();

        Optional<Path> initrd();

        @WithDefault("console=ttyS0")
        String cmdline();

        /** The disk the host offers; defaults to the size of the file system holding the state directory. */
        Optional<Long> diskGb();
    }
}
