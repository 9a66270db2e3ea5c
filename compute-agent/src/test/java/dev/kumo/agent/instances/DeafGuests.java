package dev.kumo.agent.instances;

import dev.kumo.agent.hypervisor.Hypervisor;
import dev.kumo.agent.hypervisor.InstanceSpec;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.hypervisor.LibvirtHypervisor;
import dev.kumo.contracts.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A real test-driver hypervisor whose guests ignore the power button, like the busybox guest on QEMU: the test
 * driver itself shuts a domain down at once, so this is how the timeout paths are reached without a guest.
 */
final class DeafGuests implements Hypervisor {

    private final LibvirtHypervisor libvirt;
    int powerButtonPresses;
    int resets;

    DeafGuests(LibvirtHypervisor libvirt) {
        this.libvirt = libvirt;
    }

    @Override
    public void requestShutdown(UUID instanceId) {
        powerButtonPresses++; // and nothing happens
    }

    @Override
    public void reset(UUID instanceId) {
        resets++;
        libvirt.reset(instanceId);
    }

    @Override
    public Resources inventory() {
        return libvirt.inventory();
    }

    @Override
    public void spawn(InstanceSpec spec) {
        libvirt.spawn(spec);
    }

    @Override
    public dev.kumo.agent.hypervisor.Diagnostics diagnostics(UUID instanceId) {
        return libvirt.diagnostics(instanceId);
    }

    @Override
    public void redefine(InstanceSpec spec) {
        libvirt.redefine(spec);
    }

    @Override
    public void destroy(UUID instanceId) {
        libvirt.destroy(instanceId);
    }

    @Override
    public InstanceState state(UUID instanceId) {
        return libvirt.state(instanceId);
    }

    @Override
    public void start(UUID instanceId) {
        libvirt.start(instanceId);
    }

    @Override
    public void powerOff(UUID instanceId) {
        libvirt.powerOff(instanceId);
    }

    @Override
    public void pause(UUID instanceId) {
        libvirt.pause(instanceId);
    }

    @Override
    public void unpause(UUID instanceId) {
        libvirt.unpause(instanceId);
    }

    @Override
    public void suspend(UUID instanceId) {
        libvirt.suspend(instanceId);
    }

    @Override
    public void discardSuspendedState(UUID instanceId) {
        libvirt.discardSuspendedState(instanceId);
    }

    @Override
    public Optional<Path> consoleLog(UUID instanceId) {
        return libvirt.consoleLog(instanceId);
    }

    @Override
    public List<UUID> list() {
        return libvirt.list();
    }

    @Override
    public List<UUID> running() {
        return libvirt.running();
    }

    @Override
    public boolean isOpen() {
        return libvirt.isOpen();
    }

    @Override
    public void close() {
        libvirt.close();
    }
}
