package dev.kumo.network.ports;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The equality filters of a port list that the database can apply ({@code id}, {@code network_id},
 * {@code device_id}, {@code device_owner}, {@code binding:host_id}, {@code mac_address}, {@code security_groups}),
 * so that an agent asking for one server's ports reads those, not every port of the cloud. The listing applies every
 * filter again on the views, so this only narrows what is read; a filter naming a malformed id matches nothing.
 */
final class PortQuery {

    private final StringBuilder where = new StringBuilder("1 = 1");
    private final Map<String, Object> parameters = new HashMap<>();
    private boolean matchesNothing;

    private PortQuery() {
    }

    /** The query for the ports of {@code projectId} (every project's when null) that pass the filters. */
    static PortQuery of(String projectId, MultivaluedMap<String, String> filters) {
        PortQuery query = new PortQuery();
        if (projectId != null) {
            query.equal("projectId", "project", List.of(projectId));
        }
        query.ids("id", "ids", filters.get("id"));
        query.ids("networkId", "networks", filters.get("network_id"));
        query.equal("deviceId", "devices", filters.get("device_id"));
        query.equal("deviceOwner", "owners", filters.get("device_owner"));
        query.equal("bindingHostId", "hosts", filters.get("binding:host_id"));
        query.equal("macAddress", "macs", filters.get("mac_address"));
        query.groups(filters.get("security_groups"));
        return query;
    }

    /** The HQL condition, or empty when no port can match. */
    Optional<String> condition() {
        return matchesNothing ? Optional.empty() : Optional.of(where.toString());
    }

    Map<String, Object> parameters() {
        return parameters;
    }

    private void equal(String field, String parameter, List<String> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        where.append(" and ").append(field).append(" in :").append(parameter);
        parameters.put(parameter, values);
    }

    private void ids(String field, String parameter, List<String> values) {
        List<UUID> ids = uuids(values);
        if (ids == null) {
            return;
        }
        where.append(" and ").append(field).append(" in :").append(parameter);
        parameters.put(parameter, ids);
    }

    private void groups(List<String> values) {
        List<UUID> groups = uuids(values);
        if (groups == null) {
            return;
        }
        where.append(" and id in (select p.id from Port p join p.securityGroups g where g in :groups)");
        parameters.put("groups", groups);
    }

    /** The values as ids; null when there is no such filter. A value that is no id matches no port. */
    private List<UUID> uuids(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<UUID> ids = new ArrayList<>();
        for (String value : values) {
            try {
                ids.add(UUID.fromString(value));
            } catch (IllegalArgumentException e) {
                // matches nothing, as an unknown id would
            }
        }
        if (ids.isEmpty()) {
            matchesNothing = true;
        }
        return ids;
    }
}
