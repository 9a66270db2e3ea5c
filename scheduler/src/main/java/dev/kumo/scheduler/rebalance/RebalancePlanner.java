package dev.kumo.scheduler.rebalance;

import dev.kumo.contracts.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Plans moves that narrow the spread of utilisation between hosts, greedily: while the spread between the most and
 * the least loaded host is above the policy's threshold, move one instance off the most loaded host (the next one
 * when nothing on it can move) to the least loaded host that takes it (capacity × ratio, enabled, up, not in maintenance, same zone, server groups kept as
 * they are) and where the move narrows the spread; stop at max_moves or when no move narrows it. Pure: it reads
 * only the snapshot it is given.
 */
public final class RebalancePlanner {

    /** Which utilisation the plan evens out. */
    public enum Metric {
        RAM, VCPU;

        double utilisation(Resources used, Resources capacity) {
            double total = this == RAM ? capacity.memoryMb() : capacity.vcpus();
            double taken = this == RAM ? used.memoryMb() : used.vcpus();
            return total <= 0 ? 100 : taken * 100 / total;
        }
    }

    /** The policy: the metric, the largest spread (in percent points) left alone, the most moves, the hosts. */
    public record Policy(Metric metric, double thresholdPercent, int maxMoves) {
    }

    /**
     * A host as placement sees it: its capacity (total minus reserved, times the allocation ratio), its usage, and
     * whether it may take instances.
     */
    public record HostLoad(String name, String zone, Resources capacity, Resources used, boolean takesInstances) {
    }

    /** An instance's allocation: where it is, what it holds, and its server group (null: none). */
    public record InstanceLoad(UUID instanceId, String host, Resources resources, UUID serverGroupId) {
    }

    /** One move, with both hosts' utilisation before and after it. */
    public record Move(UUID instanceId, String source, String target, Resources resources, double sourceBefore,
            double sourceAfter, double targetBefore, double targetAfter) {
    }

    /** The moves in order, and each host's utilisation before and after all of them. */
    public record Plan(List<Move> moves, Map<String, Double> before, Map<String, Double> after, double spreadBefore,
            double spreadAfter) {
    }

    public Plan plan(Policy policy, List<HostLoad> hosts, List<InstanceLoad> instances) {
        Map<String, HostLoad> load = new LinkedHashMap<>();
        hosts.forEach(host -> load.put(host.name(), host));
        List<InstanceLoad> placed = new ArrayList<>(instances.stream()
                .filter(instance -> load.containsKey(instance.host())).toList());
        Map<String, Double> before = utilisation(policy.metric(), load);
        double spreadBefore = spread(load, before);
        Set<UUID> moved = new HashSet<>();
        List<Move> moves = new ArrayList<>();
        while (moves.size() < policy.maxMoves() && spread(load, utilisation(policy.metric(), load))
                > policy.thresholdPercent()) {
            Move move = bestMove(policy.metric(), load, placed, moved);
            if (move == null) {
                break;
            }
            moves.add(move);
            moved.add(move.instanceId());
            apply(move, load, placed);
        }
        Map<String, Double> after = utilisation(policy.metric(), load);
        return new Plan(moves, before, after, spreadBefore, spread(load, after));
    }

    /**
     * A move off the most loaded host that has one, to the least loaded host that takes one of its instances and
     * narrows the spread (the instance that narrows it most); null when no move narrows it.
     */
    private static Move bestMove(Metric metric, Map<String, HostLoad> load, List<InstanceLoad> placed,
            Set<UUID> moved) {
        Map<String, Double> utilisation = utilisation(metric, load);
        Comparator<HostLoad> byLoad = Comparator.comparingDouble((HostLoad host) -> utilisation.get(host.name()))
                .thenComparing(HostLoad::name);
        List<HostLoad> ascending = load.values().stream().sorted(byLoad).toList();
        for (HostLoad source : load.values().stream().sorted(byLoad.reversed()).toList()) {
            Move move = bestMoveOff(metric, source, ascending, load, placed, moved);
            if (move != null) {
                return move;
            }
        }
        return null;
    }

    private static Move bestMoveOff(Metric metric, HostLoad source, List<HostLoad> targets,
            Map<String, HostLoad> load, List<InstanceLoad> placed, Set<UUID> moved) {
        double spread = spread(load, utilisation(metric, load));
        List<InstanceLoad> movable = placed.stream()
                .filter(instance -> instance.host().equals(source.name()) && !moved.contains(instance.instanceId()))
                .sorted(Comparator.comparingLong((InstanceLoad instance) -> size(metric, instance.resources()))
                        .reversed().thenComparing(InstanceLoad::instanceId))
                .toList();
        for (HostLoad target : targets) {
            if (target.name().equals(source.name())) {
                continue;
            }
            Move best = null;
            double bestSpread = spread;
            for (InstanceLoad instance : movable) {
                if (!passes(instance, source, target, placed)) {
                    continue;
                }
                Map<String, HostLoad> trial = new LinkedHashMap<>(load);
                trial.put(source.name(), withUsed(source, minus(source.used(), instance.resources())));
                trial.put(target.name(), withUsed(target, target.used().plus(instance.resources())));
                double narrowed = spread(trial, utilisation(metric, trial));
                if (narrowed < bestSpread - 1e-9) {
                    best = moveOf(metric, instance, source, target);
                    bestSpread = narrowed;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    /** The filters a target passes for an instance: capacity, state, zone, and server groups kept as they are. */
    static boolean passes(InstanceLoad instance, HostLoad source, HostLoad target, List<InstanceLoad> placed) {
        if (!target.takesInstances() || !Objects.equals(source.zone(), target.zone())) {
            return false;
        }
        Resources free = minus(target.capacity(), target.used());
        if (!instance.resources().fitsIn(free)) {
            return false;
        }
        if (instance.serverGroupId() == null) {
            return true;
        }
        // Policy-agnostic: a move never changes which members of a group share a host, so affinity and
        // anti-affinity (hard or soft) hold afterwards exactly as before.
        return placed.stream()
                .filter(other -> instance.serverGroupId().equals(other.serverGroupId())
                        && !other.instanceId().equals(instance.instanceId()))
                .noneMatch(other -> other.host().equals(source.name()) || other.host().equals(target.name()));
    }

    private static Move moveOf(Metric metric, InstanceLoad instance, HostLoad source, HostLoad target) {
        Resources sourceAfter = minus(source.used(), instance.resources());
        Resources targetAfter = target.used().plus(instance.resources());
        return new Move(instance.instanceId(), source.name(), target.name(), instance.resources(),
                round(metric.utilisation(source.used(), source.capacity())),
                round(metric.utilisation(sourceAfter, source.capacity())),
                round(metric.utilisation(target.used(), target.capacity())),
                round(metric.utilisation(targetAfter, target.capacity())));
    }

    private static void apply(Move move, Map<String, HostLoad> load, List<InstanceLoad> placed) {
        HostLoad source = load.get(move.source());
        HostLoad target = load.get(move.target());
        load.put(source.name(), withUsed(source, minus(source.used(), move.resources())));
        load.put(target.name(), withUsed(target, target.used().plus(move.resources())));
        placed.replaceAll(instance -> instance.instanceId().equals(move.instanceId())
                ? new InstanceLoad(instance.instanceId(), move.target(), instance.resources(),
                        instance.serverGroupId())
                : instance);
    }

    private static Map<String, Double> utilisation(Metric metric, Map<String, HostLoad> load) {
        Map<String, Double> utilisation = new LinkedHashMap<>();
        load.values().forEach(host -> utilisation.put(host.name(),
                round(metric.utilisation(host.used(), host.capacity()))));
        return utilisation;
    }

    /**
     * The spread between the most and the least loaded host that takes instances: a disabled, down or maintained
     * host is only emptied, never filled, so it does not count.
     */
    private static double spread(Map<String, HostLoad> load, Map<String, Double> utilisation) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (HostLoad host : load.values()) {
            if (host.takesInstances()) {
                max = Math.max(max, utilisation.get(host.name()));
                min = Math.min(min, utilisation.get(host.name()));
            }
        }
        return max < min ? 0 : round(max - min);
    }

    private static long size(Metric metric, Resources resources) {
        return metric == Metric.RAM ? resources.memoryMb() : resources.vcpus();
    }

    private static HostLoad withUsed(HostLoad host, Resources used) {
        return new HostLoad(host.name(), host.zone(), host.capacity(), used, host.takesInstances());
    }

    private static Resources minus(Resources from, Resources taken) {
        return new Resources(Math.max(0, from.vcpus() - taken.vcpus()),
                Math.max(0, from.memoryMb() - taken.memoryMb()), Math.max(0, from.diskGb() - taken.diskGb()));
    }

    private static double round(double percent) {
        return Math.round(percent * 100) / 100.0;
    }
}
