package dev.kumo.agent.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.agent.hypervisor.DomainType;
import dev.kumo.agent.hypervisor.Hypervisor;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.host.HostHeartbeat;
import dev.kumo.contracts.host.HostHeartbeats;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HostReportsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aFleetBeatsInBatchesKeyedByItsAgentThatCoverEveryHostOnce() {
        List<Host> hosts = IntStream.rangeClosed(1, 1201).mapToObj(i -> host("rack7-%04d".formatted(i), i % 3))
                .toList();

        List<Message> heartbeats = reports(Fleet.of("rack7", hosts)).heartbeats();

        assertEquals(List.of(500, 500, 201), heartbeats.stream()
                .map(message -> ((HostHeartbeats) message).hosts().size()).toList());
        heartbeats.forEach(message -> assertEquals("rack7", message.key()));
        List<HostHeartbeats.Beat> beats = heartbeats.stream()
                .flatMap(message -> ((HostHeartbeats) message).hosts().stream()).toList();
        assertEquals(hosts.stream().map(Host::name).toList(), beats.stream().map(HostHeartbeats.Beat::host).toList());
        assertEquals(new HostHeartbeats.Beat("rack7-0002", 2), beats.get(1));
        assertEquals(NOW, ((HostHeartbeats) heartbeats.get(0)).at());
    }

    @Test
    void aLoneHostKeepsItsOwnHeartbeat() {
        List<Message> heartbeats = reports(Fleet.of("node-1", List.of(host("node-1", 1)))).heartbeats();

        assertEquals(List.of(new HostHeartbeat("node-1", NOW, 1)), heartbeats);
    }

    private static HostReports reports(Fleet fleet) {
        fleet.open();
        return new HostReports(fleet, Clock.fixed(NOW, ZoneOffset.UTC), "http://agent:8094");
    }

    /** A host whose hypervisor runs the given number of domains and answers nothing else. */
    private static Host host(String name, int running) {
        List<UUID> domains = IntStream.range(0, running).mapToObj(i -> UUID.randomUUID()).toList();
        Hypervisor hypervisor = (Hypervisor) Proxy.newProxyInstance(Hypervisor.class.getClassLoader(),
                new Class<?>[] {Hypervisor.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "running" -> domains;
                    case "isOpen" -> true;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new Host(name, hypervisor, "test", DomainType.TEST, "test:///default");
    }
}
