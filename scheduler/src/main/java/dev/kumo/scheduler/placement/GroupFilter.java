package dev.kumo.scheduler.placement;

import dev.kumo.contracts.instance.PlacementHints;

/**
 * A server group's policy as a condition on candidate hosts: affinity keeps the group on the hosts it already
 * uses, anti-affinity keeps it off them; the soft variants only order the candidates. A group with no members
 * yet constrains nothing.
 */
record GroupFilter(String filterName, String condition, String preference, boolean usesGroup) {

    private static final String GROUP_HOSTS = "(select host from allocation where server_group_id = :groupId)";
    private static final String HAS_MEMBERS = "exists (select 1 from allocation where server_group_id = :groupId)";

    static GroupFilter of(PlacementHints hints) {
        if (!hints.hasGroup()) {
            return new GroupFilter(null, "", "", false);
        }
        return switch (hints.groupPolicy()) {
            case "affinity" -> new GroupFilter("ServerGroupAffinityFilter",
                    "not " + HAS_MEMBERS + " or name in " + GROUP_HOSTS, "", true);
            case "anti-affinity" -> new GroupFilter("ServerGroupAntiAffinityFilter", "name not in " + GROUP_HOSTS, "",
                    true);
            case "soft-affinity" -> new GroupFilter(null, "",
                    " (select count(*) from allocation a where a.host = host.name and a.server_group_id = :groupId)"
                            + " desc,", true);
            case "soft-anti-affinity" -> new GroupFilter(null, "",
                    " (select count(*) from allocation a where a.host = host.name and a.server_group_id = :groupId)"
                            + " asc,", true);
            default -> new GroupFilter(null, "", "", false);
        };
    }
}
