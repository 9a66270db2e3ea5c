package dev.kumo.network.routers;

import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.host.UpdateRouter.ExternalGateway;
import dev.kumo.contracts.host.UpdateRouter.FloatingIpNat;
import dev.kumo.contracts.host.UpdateRouter.RouterInterface;
import dev.kumo.network.ports.Port;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A router as each host must realize it ({@code host.update-router}): its external leg, its interfaces on the networks
 * where that host has a bound server port, and the floating IPs of that host's ports. Four queries per router,
 * whatever the number of its hosts; lists come in a stable order, so an unchanged state encodes to the same bytes.
 */
@ApplicationScoped
public class HostRouters {

    private final EntityManager entityManager;

    public HostRouters(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * The router's state (revision 0) on each host that needs it, among {@code hosts} (null: every such host). A host
     * needs a router when a server's port bound to it is on a network the router has an interface on.
     */
    public Map<String, UpdateRouter> of(Router router, Collection<String> hosts) {
        List<RouterInterface> interfaces = interfaces(router.id);
        Map<String, Set<String>> networksByHost = networksByHost(
                interfaces.stream().map(RouterInterface::networkId).distinct().toList(), hosts);
        Map<String, List<FloatingIpNat>> natsByHost = floatingIps(router.id, networksByHost.keySet());
        ExternalGateway gateway = networksByHost.isEmpty() ? null : gateway(router);
        Map<String, UpdateRouter> states = new TreeMap<>();
        networksByHost.forEach((host, networks) -> states.put(host, new UpdateRouter(host, router.id.toString(),
                router.projectId, gateway,
                interfaces.stream().filter(leg -> networks.contains(leg.networkId())).toList(),
                gateway == null ? List.of() : natsByHost.getOrDefault(host, List.of()), 0, false)));
        return states;
    }

    private List<RouterInterface> interfaces(UUID routerId) {
        List<RouterInterface> interfaces = new ArrayList<>();
        for (Object[] row : rows(entityManager.createNativeQuery("""
                select cast(p.id as text), cast(p.network_id as text), cast(a.subnet_id as text), a.ip_address, s.cidr
                from port p join ip_allocation a on a.port_id = p.id join subnet s on s.id = a.subnet_id
                where p.device_id = :router and p.device_owner = :owner
                order by p.id, a.position""")
                .setParameter("router", routerId.toString()).setParameter("owner", Port.ROUTER_INTERFACE))) {
            interfaces.add(new RouterInterface((String) row[0], (String) row[1], null, (String) row[2], (String) row[3],
                    (String) row[4]));
        }
        return interfaces;
    }

    /** The gateway port's IPv4 address on the external network: the router's SNAT source. */
    private ExternalGateway gateway(Router router) {
        if (router.externalNetworkId == null) {
            return null;
        }
        List<Object[]> rows = rows(entityManager.createNativeQuery("""
                select a.ip_address, s.cidr, s.gateway_ip
                from port p join ip_allocation a on a.port_id = p.id join subnet s on s.id = a.subnet_id
                where p.device_id = :router and p.device_owner = :owner and s.ip_version = 4
                order by a.position limit 1""")
                .setParameter("router", router.id.toString()).setParameter("owner", Port.ROUTER_GATEWAY));
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new ExternalGateway(router.externalNetworkId.toString(), null, (String) row[0], (String) row[1],
                (String) row[2]);
    }

    private Map<String, Set<String>> networksByHost(List<String> networkIds, Collection<String> hosts) {
        Map<String, Set<String>> networksByHost = new TreeMap<>();
        if (networkIds.isEmpty() || hosts != null && hosts.isEmpty()) {
            return networksByHost;
        }
        Query query = entityManager.createNativeQuery("""
                select distinct binding_host_id, cast(network_id as text) from port
                where network_id in (:networks) and device_owner like 'compute:%' and binding_host_id <> ''"""
                + (hosts == null ? "" : " and binding_host_id in (:hosts)"))
                .setParameter("networks", networkIds.stream().map(UUID::fromString).toList());
        if (hosts != null) {
            query.setParameter("hosts", hosts);
        }
        for (Object[] row : rows(query)) {
            networksByHost.computeIfAbsent((String) row[0], host -> new TreeSet<>()).add((String) row[1]);
        }
        return networksByHost;
    }

    private Map<String, List<FloatingIpNat>> floatingIps(UUID routerId, Set<String> hosts) {
        Map<String, List<FloatingIpNat>> natsByHost = new TreeMap<>();
        if (hosts.isEmpty()) {
            return natsByHost;
        }
        for (Object[] row : rows(entityManager.createNativeQuery("""
                select p.binding_host_id, cast(f.id as text), f.floating_ip_address, cast(f.port_id as text),
                       f.fixed_ip_address
                from floating_ip f join port p on p.id = f.port_id
                where f.router_id = :router and p.binding_host_id in (:hosts)
                order by f.id""")
                .setParameter("router", routerId).setParameter("hosts", hosts))) {
            natsByHost.computeIfAbsent((String) row[0], host -> new ArrayList<>())
                    .add(new FloatingIpNat((String) row[1], (String) row[2], (String) row[3], (String) row[4]));
        }
        return natsByHost;
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query query) {
        return query.getResultList();
    }
}
