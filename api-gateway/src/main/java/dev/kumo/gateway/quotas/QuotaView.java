package dev.kumo.gateway.quotas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders and reads quota sets; network quotas are hidden from microversion 2.36. */
final class QuotaView {

    private QuotaView() {
    }

    static Map<String, Object> shown(boolean hideNetwork, Map<QuotaResource, Integer> limits) {
        Map<String, Object> view = new LinkedHashMap<>();
        limits.forEach((resource, limit) -> {
            if (!(resource.network() && hideNetwork)) {
                view.put(resource.key(), limit);
            }
        });
        return view;
    }

    static Map<String, Object> withId(String id, Map<String, Object> view) {
        Map<String, Object> withId = new LinkedHashMap<>();
        withId.put("id", id);
        withId.putAll(view);
        return withId;
    }

    static Map<QuotaResource, Integer> limitsFrom(JsonNode quotaSet, boolean allowForce, boolean hideNetwork) {
        Map<QuotaResource, Integer> limits = new EnumMap<>(QuotaResource.class);
        Iterator<Map.Entry<String, JsonNode>> fields = quotaSet.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (allowForce && "force".equals(field.getKey())) {
                Fields.optionalBoolean(quotaSet, "force");
                continue;
            }
            QuotaResource resource = QuotaResource.named(field.getKey())
                    .filter(found -> !(found.network() && hideNetwork))
                    .orElseThrow(() -> ComputeError.badRequest("Invalid input for field/attribute quota_set."
                            + " Additional properties are not allowed ('" + field.getKey() + "' was unexpected)."));
            limits.put(resource, Fields.integer(field.getKey(), field.getValue(), -1, Integer.MAX_VALUE));
        }
        return limits;
    }
}
