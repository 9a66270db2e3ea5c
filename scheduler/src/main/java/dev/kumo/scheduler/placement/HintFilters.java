package dev.kumo.scheduler.placement;

import dev.kumo.contracts.instance.PlacementHints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The filters that what the user asked for adds to a placement, each one SQL condition on {@code host} named as in
 * Nova: SameHostFilter and DifferentHostFilter (the {@code same_host}/{@code different_host} scheduler hints, read
 * from the allocations), ImagePropertiesFilter (the image's architecture and hypervisor type), the traits the flavor
 * and image require or forbid (Placement's job in Nova), and AggregateInstanceExtraSpecsFilter (the flavor's
 * {@code aggregate_instance_extra_specs:KEY=VALUE} against the metadata of the host's aggregates). A request that
 * asks for none of these adds nothing.
 */
final class HintFilters {

    private HintFilters() {
    }

    static void addTo(HostFilters chain, PlacementHints hints) {
        if (!hints.sameHost().isEmpty()) {
            chain.add("SameHostFilter (with instance(s) " + hints.sameHost() + ")",
                    "name in (select host from allocation where instance_id in (:sameHost))")
                    .parameter("sameHost", hints.sameHost());
        }
        if (!hints.differentHost().isEmpty()) {
            chain.add("DifferentHostFilter (not with instance(s) " + hints.differentHost() + ")",
                    "name not in (select host from allocation where instance_id in (:differentHost))")
                    .parameter("differentHost", hints.differentHost());
        }
        imageProperties(chain, hints);
        if (!hints.requiredTraits().isEmpty()) {
            chain.add("RequiredTraitsFilter (" + String.join(", ", hints.requiredTraits()) + ")",
                    "(select count(*) from host_trait t where t.host = host.name and t.trait in (:requiredTraits))"
                            + " = :requiredTraitCount")
                    .parameter("requiredTraits", hints.requiredTraits())
                    .parameter("requiredTraitCount", (long) hints.requiredTraits().size());
        }
        if (!hints.forbiddenTraits().isEmpty()) {
            chain.add("ForbiddenTraitsFilter (" + String.join(", ", hints.forbiddenTraits()) + ")",
                    "not exists (select 1 from host_trait t where t.host = host.name"
                            + " and t.trait in (:forbiddenTraits))")
                    .parameter("forbiddenTraits", hints.forbiddenTraits());
        }
        aggregateMetadata(chain, hints.aggregateMetadata());
    }

    /**
     * As Nova's ImagePropertiesFilter: the host must run the image's architecture and hypervisor type. A KVM host
     * also runs {@code qemu} images, as Nova's libvirt driver offers both domain types there.
     */
    private static void imageProperties(HostFilters chain, PlacementHints hints) {
        List<String> asked = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        if (hints.architecture() != null) {
            asked.add("hw_architecture " + hints.architecture());
            conditions.add("architecture = :imageArchitecture");
            chain.parameter("imageArchitecture", hints.architecture());
        }
        if (hints.hypervisorType() != null) {
            asked.add("img_hv_type " + hints.hypervisorType());
            conditions.add("(domain_type = :imageHypervisorType"
                    + " or (domain_type = 'kvm' and :imageHypervisorType = 'qemu'))");
            chain.parameter("imageHypervisorType", hints.hypervisorType());
        }
        if (!conditions.isEmpty()) {
            chain.add("ImagePropertiesFilter (" + String.join(", ", asked) + ")", String.join(" and ", conditions));
        }
    }

    /**
     * As Nova's AggregateInstanceExtraSpecsFilter: for every key, an aggregate of the host has it in its metadata
     * with the value among its comma-separated values.
     */
    private static void aggregateMetadata(HostFilters chain, Map<String, String> wanted) {
        if (wanted.isEmpty()) {
            return;
        }
        List<String> asked = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, String> spec : new TreeMap<>(wanted).entrySet()) {
            asked.add(spec.getKey() + "=" + spec.getValue());
            conditions.add("exists (select 1 from aggregate_host ah join aggregate_metadata am"
                    + " on am.aggregate_id = ah.aggregate_id where ah.host = host.name and am.key = :aggregateKey" + index
                    + " and :aggregateValue" + index + " in (select trim(v) from unnest(string_to_array(am.value, ','))"
                    + " v))");
            chain.parameter("aggregateKey" + index, spec.getKey()).parameter("aggregateValue" + index,
                    spec.getValue().strip());
            index++;
        }
        chain.add("AggregateInstanceExtraSpecsFilter (" + String.join(", ", asked) + ")",
                String.join(" and ", conditions));
    }
}
