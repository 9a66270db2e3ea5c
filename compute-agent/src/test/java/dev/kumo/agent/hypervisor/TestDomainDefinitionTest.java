package dev.kumo.agent.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kumo.contracts.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDomainDefinitionTest {

    private final UUID id = UUID.fromString("0b7e2c1a-5d8f-4c3e-9a61-2f4b8d9e0c17");
    private final InstanceSpec spec = new InstanceSpec(id, "web <1> & \"friends\"", new Resources(2, 512, 10), null);

    @Test
    void aTestDomainIsNamedAfterTheInstanceWithTheFlavorsMemoryAndVcpus() {
        DomainXml xml = new DomainXml(new TestDomainDefinition().xmlFor(spec));

        assertEquals("test", xml.text("/domain/@type"));
        assertEquals("kumo-" + id, xml.text("/domain/name"));
        assertEquals(id.toString(), xml.text("/domain/uuid"));
        assertEquals("512", xml.text("/domain/memory"));
        assertEquals("MiB", xml.text("/domain/memory/@unit"));
        assertEquals("2", xml.text("/domain/vcpu"));
        assertEquals("hvm", xml.text("/domain/os/type"));
    }

    @Test
    void withAnInstancesDirectoryEachInstanceHasAConsoleLogThereForTheAgentsLifecycleLines(@TempDir Path instances)
            throws Exception {
        TestDomainDefinition definition = new TestDomainDefinition(instances);

        definition.prepare(spec);
        Path console = definition.consoleLog(id).orElseThrow();
        Files.writeString(console, "kumo: instance " + id + " started\n");

        assertEquals(instances.resolve(id.toString()).resolve("console.log").toAbsolutePath(), console);
        definition.release(id);
        assertFalse(Files.exists(console.getParent()));
        assertEquals(Optional.empty(), new TestDomainDefinition().consoleLog(id), "no directory, no console log");
    }

    @Test
    void theKumoMetadataCarriesTheInstanceNameVerbatim() {
        DomainXml xml = new DomainXml(new TestDomainDefinition().xmlFor(spec));

        assertEquals("web <1> & \"friends\"", xml.text("/domain/metadata/k:instance/k:name"));
    }
}
