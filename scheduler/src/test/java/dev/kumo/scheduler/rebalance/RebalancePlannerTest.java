package dev.kumo.scheduler.rebalance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.scheduler.rebalance.RebalancePlanner.HostLoad;
import dev.kumo.scheduler.rebalance.RebalancePlanner.InstanceLoad;
import dev.kumo.scheduler.rebalance.RebalancePlanner.Metric;
import dev.kumo.scheduler.rebalance.RebalancePlanner.Plan;
import dev.kumo.scheduler.rebalance.RebalancePlanner.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The greedy rebalancing planner on snapshots of hosts and allocations. */
class RebalancePlannerTest {

    private static final Resources CAPACITY = new Resources(16, 10000, 100);
    private static final Resources GIG = new Resources(1, 1000, 1);
    private final RebalancePlanner planner = new RebalancePlanner();

    @Test
    void instancesMoveFromTheMostToTheLeastLoadedHostUntilTheSpreadIsWithinTheThreshold() {
        List<InstanceLoad> instances = on("a", 6, null);

        Plan plan = planner.plan(new Policy(Metric.RAM, 10, 10),
                loaded(List.of(host("a"), host("b")), instances), instances);

        assertEquals(3, plan.moves().size());
        assertTrue(plan.moves().stream().allMatch(move -> move.source().equals("a") && move.target().equals("b")));
        assertEquals(60.0, plan.spreadBefore());
        assertEquals(0.0, plan.spreadAfter());
        assertEquals(60.0, plan.moves().get(0).sourceBefore());
        assertEquals(50.0, plan.moves().get(0).sourceAfter());
        assertEquals(0.0, plan.moves().get(0).targetBefore());
        assertEquals(10.0, plan.moves().get(0).targetAfter());
        assertEquals(30.0, plan.after().get("a"));
        assertEquals(30.0, plan.after().get("b"));
    }

    @Test
    void noMoreMovesThanThePolicyAllows() {
        List<InstanceLoad> instances = on("a", 6, null);
        Plan plan = planner.plan(new Policy(Metric.RAM, 0, 2), loaded(List.of(host("a"), host("b")), instances),
                instances);

        assertEquals(2, plan.moves().size());
        assertEquals(20.0, plan.spreadAfter());
    }

    @Test
    void aSpreadWithinTheThresholdIsLeftAlone() {
        List<InstanceLoad> instances = new ArrayList<>(on("a", 3, null));
        instances.addAll(on("b", 2, null));

        Plan plan = planner.plan(new Policy(Metric.RAM, 10, 10),
                loaded(List.of(host("a"), host("b")), instances), instances);

        assertTrue(plan.moves().isEmpty());
    }

    @Test
    void aMoveThatWouldNotNarrowTheSpreadIsNotMade() {
        List<InstanceLoad> instances = List.of(new InstanceLoad(UUID.randomUUID(), "a", new Resources(4, 6000, 10),
                null));

        Plan plan = planner.plan(new Policy(Metric.RAM, 0, 10),
                loaded(List.of(host("a"), host("b")), instances), instances);

        assertTrue(plan.moves().isEmpty(), "60/0 would become 0/60");
    }

    @Test
    void hostsThatTakeNoInstancesOrAreInAnotherZoneAreNoTargets() {
        List<HostLoad> hosts = List.of(host("a"),
                new HostLoad("disabled", "nova", CAPACITY, Resources.NONE, false),
                new HostLoad("elsewhere", "az2", CAPACITY, Resources.NONE, true),
                host("b"));

        List<InstanceLoad> instances = on("a", 8, null);
        Plan plan = planner.plan(new Policy(Metric.RAM, 10, 10), loaded(hosts, instances), instances);

        assertTrue(plan.moves().stream().allMatch(move -> move.target().equals("b")), plan.moves().toString());
        assertTrue(!plan.moves().isEmpty());
    }

    @Test
    void aHostWithoutRoomForTheInstanceIsNoTarget() {
        List<InstanceLoad> instances = List.of(new InstanceLoad(UUID.randomUUID(), "a", new Resources(1, 3000, 1),
                null), new InstanceLoad(UUID.randomUUID(), "a", new Resources(1, 3000, 1), null));
        List<HostLoad> hosts = List.of(host("a"), new HostLoad("small", "nova", new Resources(16, 2000, 100),
                Resources.NONE, true));

        Plan plan = planner.plan(new Policy(Metric.RAM, 0, 10), loaded(hosts, instances), instances);

        assertTrue(plan.moves().isEmpty(), plan.moves().toString());
    }

    @Test
    void theVcpuMetricCountsCores() {
        List<InstanceLoad> instances = List.of(
                new InstanceLoad(UUID.randomUUID(), "a", new Resources(8, 100, 1), null),
                new InstanceLoad(UUID.randomUUID(), "a", new Resources(4, 100, 1), null));

        Plan plan = planner.plan(new Policy(Metric.VCPU, 10, 10),
                loaded(List.of(host("a"), host("b")), instances), instances);

        assertEquals(1, plan.moves().size());
        assertEquals(8, plan.moves().get(0).resources().vcpus(), "the move that narrows the spread most");
    }

    @Test
    void membersOfAServerGroupNeverEndUpSharingOrLeavingAHostTheyShare() {
        UUID group = UUID.randomUUID();
        List<InstanceLoad> instances = new ArrayList<>(on("a", 4, null));
        InstanceLoad lone = new InstanceLoad(UUID.randomUUID(), "a", GIG, group);
        instances.add(lone);
        instances.add(new InstanceLoad(UUID.randomUUID(), "b", GIG, group));
        instances.addAll(on("c", 2, group)); // two members together on c: affinity, say

        Plan plan = planner.plan(new Policy(Metric.RAM, 0, 20),
                loaded(List.of(host("a"), host("b"), host("c")), instances), instances);

        assertTrue(plan.moves().stream().filter(move -> move.instanceId().equals(lone.instanceId()))
                .noneMatch(move -> move.target().equals("b") || move.target().equals("c")), plan.moves().toString());
        assertTrue(!plan.moves().isEmpty());
        assertTrue(plan.moves().stream().noneMatch(move -> move.source().equals("c")),
                "a member sharing host c with another member stays");
    }

    /** The hosts with the usage of the instances on them added, as the scheduler's host rows have it. */
    private static List<HostLoad> loaded(List<HostLoad> hosts, List<InstanceLoad> instances) {
        return hosts.stream().map(host -> {
            Resources used = host.used();
            for (InstanceLoad instance : instances) {
                if (instance.host().equals(host.name())) {
                    used = used.plus(instance.resources());
                }
            }
            return new HostLoad(host.name(), host.zone(), host.capacity(), used, host.takesInstances());
        }).toList();
    }

    private static HostLoad host(String name) {
        return new HostLoad(name, "nova", CAPACITY, Resources.NONE, true);
    }

    /** {@code count} instances of 1 GB on the host, in the group (null: none). */
    private static List<InstanceLoad> on(String host, int count, UUID group) {
        List<InstanceLoad> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instances.add(new InstanceLoad(UUID.randomUUID(), host, GIG, group));
        }
        return instances;
    }
}
