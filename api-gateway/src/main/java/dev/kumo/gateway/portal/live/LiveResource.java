package dev.kumo.gateway.portal.live;

import dev.kumo.gateway.portal.Portal;
import dev.kumo.gateway.portal.Viewer;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;

/**
 * {@code GET /portal/live}: server-sent events, one {@code instance} event (data: the instance id) whenever an
 * instance the session may see changes, and a {@code ping} every 20 s so that dead connections are noticed.
 */
@Path("/portal/live")
@Authenticated
public class LiveResource {

    private static final Duration PING = Duration.ofSeconds(20);

    private final Portal portal;
    private final InstanceFeed feed;

    public LiveResource(Portal portal, InstanceFeed feed) {
        this.portal = portal;
        this.feed = feed;
    }

    /** Blocking: who the session is (and whether its token was revoked) is read from the database first. */
    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> live(@Context Sse sse) {
        Viewer viewer = portal.viewer();
        Multi<OutboundSseEvent> changes = feed.changes(viewer.projectId(), viewer.admin())
                .map(id -> sse.newEventBuilder().name("instance").data(id).build());
        Multi<OutboundSseEvent> pings = Multi.createFrom().ticks().every(PING)
                .map(tick -> sse.newEventBuilder().name("ping").data("").build());
        return Multi.createBy().merging().streams(changes, pings);
    }
}
