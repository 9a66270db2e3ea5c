package dev.kumo.agent.hypervisor;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * A test host whose hypervisor is broken: every spawn fails before a domain is defined, with the words an operator
 * would read. Injected by configuration ({@code kumo.agent.test.refuse-spawns}) to exercise rescheduling.
 */
public final class RefusingDomainDefinition implements DomainDefinition {

    private final DomainDefinition definition;

    public RefusingDomainDefinition(DomainDefinition definition) {
        this.definition = definition;
    }

    @Override
    public DomainType type() {
        return definition.type();
    }

    @Override
    public String xmlFor(InstanceSpec spec) {
        return definition.xmlFor(spec);
    }

    @Override
    public void prepare(InstanceSpec spec) {
        throw new HypervisorException("the hypervisor refuses new domains (fault injected by"
                + " kumo.agent.test.refuse-spawns)", null);
    }

    @Override
    public void release(UUID instanceId) {
        definition.release(instanceId);
    }

    @Override
    public Optional<Path> consoleLog(UUID instanceId) {
        return definition.consoleLog(instanceId);
    }
}
