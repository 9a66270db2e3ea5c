package dev.kumo.agent.hypervisor;

import dev.kumo.contracts.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node file of a private libvirt test-driver hypervisor: its CPUs and memory. Each connection to
 * {@code test://<absolute path of the file>} gets its own in-memory hypervisor with that node and no domains.
 */
public final class TestNode {

    private TestNode() {
    }

    /** Writes the node file for the capacity and returns the URI that opens a hypervisor on it. */
    public static String write(Path file, Resources capacity) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, xml(capacity));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test node file " + file, e);
        }
        return uriOf(file);
    }

    public static String uriOf(Path file) {
        return "test://" + file.toAbsolutePath();
    }

    /** One NUMA cell, one socket, a core per vCPU; libvirt reads memory in KiB. */
    static String xml(Resources capacity) {
        return """
                <node>
                  <cpu>
                    <mhz>2000</mhz>
                    <model>x86_64</model>
                    <active>%d</active>
                    <nodes>1</nodes>
                    <sockets>1</sockets>
                    <cores>%d</cores>
                    <threads>1</threads>
                  </cpu>
                  <memory>%d</memory>
                </node>
                """.formatted(capacity.vcpus(), capacity.vcpus(), capacity.memoryMb() * 1024);
    }
}
