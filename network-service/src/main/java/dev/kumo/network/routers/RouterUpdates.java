package dev.kumo.network.routers;

import dev.kumo.contracts.MessageCodec;
import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.network.ports.Port;
import dev.kumo.network.ports.PortChanged;
import dev.kumo.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends {@code host.update-router} through the outbox, in the transaction of the change, to each host whose state of a
 * router the change alters: a changed state to a host that needs the router, {@code removed} to a host that no longer
 * does (its last server port on the router's networks left) or when the router goes. What each host was last told is
 * kept as a digest in {@code router_host}, so a change that alters nothing for a host sends it nothing. The router's
 * row is locked while its states are read and numbered: concurrent changes of one router are numbered in the order
 * they commit, and each message holds everything committed before it.
 */
@ApplicationScoped
public class RouterUpdates {

    private static final Logger LOG = Logger.getLogger(RouterUpdates.class);

    private final HostRouters hostRouters;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final MessageCodec codec = new MessageCodec();

    public RouterUpdates(HostRouters hostRouters, Outbox outbox, EntityManager entityManager) {
        this.hostRouters = hostRouters;
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    /** The router itself changed (gateway, interfaces): every host that has or needs it. */
    public void routerChanged(UUID routerId) {
        sync(routerId, null);
    }

    /** Something of these hosts changed for the router (a floating IP of a port bound there). */
    public void hostsChanged(UUID routerId, Collection<String> hosts) {
        if (!hosts.isEmpty()) {
            sync(routerId, hosts);
        }
    }

    /** A server's port came, changed or went: the routers on its network, for the hosts it was and is bound to. */
    void portChanged(@Observes PortChanged change) {
        Collection<String> hosts = change.computeHosts();
        if (hosts.isEmpty()) {
            return;
        }
        entityManager.flush();
        List<String> routers = entityManager.createNativeQuery("""
                select distinct device_id from port where network_id = :network and device_owner = :owner
                order by device_id""", String.class)
                .setParameter("network", change.networkId()).setParameter("owner", Port.ROUTER_INTERFACE)
                .getResultList();
        routers.forEach(router -> sync(UUID.fromString(router), hosts));
    }

    /** The router is being deleted: every host that has it tears it down. */
    public void routerDeleted(UUID routerId) {
        entityManager.flush();
        Long revision = lock(routerId);
        Map<String, String> told = told(routerId, null);
        if (revision == null || told.isEmpty()) {
            return;
        }
        long next = nextRevision(routerId, revision);
        Router router = Router.findById(routerId);
        told.keySet().forEach(host -> remove(router, host, next));
    }

    private void sync(UUID routerId, Collection<String> hosts) {
        entityManager.flush();
        Long revision = lock(routerId);
        if (revision == null) {
            return;
        }
        Router router = Router.findById(routerId);
        Map<String, UpdateRouter> states = hostRouters.of(router, hosts);
        Map<String, String> told = told(routerId, hosts);
        Map<String, String> changed = new TreeMap<>();
        states.forEach((host, state) -> {
            String digest = digest(state);
            if (!digest.equals(told.get(host))) {
                changed.put(host, digest);
            }
        });
        List<String> gone = told.keySet().stream().filter(host -> !states.containsKey(host)).toList();
        if (changed.isEmpty() && gone.isEmpty()) {
            return;
        }
        long next = nextRevision(routerId, revision);
        changed.forEach((host, digest) -> {
            UpdateRouter state = states.get(host);
            outbox.publish(new UpdateRouter(host, state.routerId(), state.projectId(), state.gateway(),
                    state.interfaces(), state.floatingIps(), next, false));
            entityManager.createNativeQuery("""
                    insert into router_host (router_id, host, state_digest) values (:router, :host, :digest)
                    on conflict (router_id, host) do update set state_digest = excluded.state_digest""")
                    .setParameter("router", routerId).setParameter("host", host).setParameter("digest", digest)
                    .executeUpdate();
        });
        gone.forEach(host -> remove(router, host, next));
        LOG.debugf("router %s revision %d: %s updated, %s removed", routerId, next, changed.keySet(), gone);
    }

    private void remove(Router router, String host, long revision) {
        outbox.publish(new UpdateRouter(host, router.id.toString(), router.projectId, null, List.of(), List.of(),
                revision, true));
        entityManager.createNativeQuery("delete from router_host where router_id = :router and host = :host")
                .setParameter("router", router.id).setParameter("host", host).executeUpdate();
    }

    /** Locks the router's row; its host revision, or null when the router is gone. */
    private Long lock(UUID routerId) {
        List<?> rows = entityManager.createNativeQuery("select host_revision from router where id = :id for update")
                .setParameter("id", routerId).getResultList();
        return rows.isEmpty() ? null : ((Number) rows.get(0)).longValue();
    }

    private long nextRevision(UUID routerId, long revision) {
        entityManager.createNativeQuery("update router set host_revision = :revision where id = :id")
                .setParameter("revision", revision + 1).setParameter("id", routerId).executeUpdate();
        return revision + 1;
    }

    private Map<String, String> told(UUID routerId, Collection<String> hosts) {
        Query query = entityManager.createNativeQuery("select host, state_digest from router_host where router_id = :router"
                + (hosts == null ? "" : " and host in (:hosts)")).setParameter("router", routerId);
        if (hosts != null) {
            query.setParameter("hosts", new TreeSet<>(hosts));
        }
        Map<String, String> told = new TreeMap<>();
        for (Object row : query.getResultList()) {
            Object[] columns = (Object[]) row;
            told.put((String) columns[0], (String) columns[1]);
        }
        return told;
    }

    private String digest(UpdateRouter state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(codec.encode(state)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
