package dev.kumo.gateway.routing;

import dev.kumo.gateway.compute.ComputeError;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The largest request body each route takes. Image data ({@code PUT /image/v2/images/{id}/file}) has no limit
 * here and streams through: image-service holds Glance's image size cap ({@code kumo.image.size-limit}) and
 * answers an image over it with Glance's 413, so the cap lives in one place. Every other route is a JSON API
 * and takes at most {@code kumo.http.max-body-size}: a body that declares more is answered 413 before any of it
 * is read; one of unknown length (chunked) is read up to the limit and no further, then handed on.
 *
 * <p>Why here and not in Quarkus: {@code quarkus.http.limits.max-body-size} is one limit for every route,
 * checked before a route is chosen, so it could only be large for all or small for all. It is set above any
 * image (application.properties) and this handler, placed right after Quarkus' own check, applies the limit of
 * the route at hand and answers in the error shape of its API.
 */
@ApplicationScoped
public class BodyLimits {

    /** Image ids are UUIDs: no dot segments or escapes that could make another path look like image data. */
    private static final Pattern IMAGE_DATA = Pattern.compile("^/image/v2/images/[0-9A-Za-z-]+/file$");
    /** How long a refused client may go on sending before the connection closes (so that it reads the 413). */
    private static final long LINGER_MILLIS = 2_000;

    private final long limit;
    private final Handler<RoutingContext> boundedRead;
    private Vertx vertx;

    public BodyLimits(@ConfigProperty(name = "kumo.http.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
        this.boundedRead = BodyHandler.create(false).setBodyLimit(this.limit).setMergeFormAttributes(false);
    }

    void register(@Observes Router router, Vertx vertx) {
        this.vertx = vertx;
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1)
                .handler(this::limit)
                .failureHandler(this::refuseOversizedRead);
    }

    /** Whether a request carries image data, the one body that may be larger than the limit. */
    static boolean isImageData(HttpMethod method, String path) {
        return method == HttpMethod.PUT && path != null && IMAGE_DATA.matcher(path).matches();
    }

    private void limit(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (isImageData(request.method(), request.path())) {
            ctx.next();
            return;
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            // Vert.x's body handler passes a request without a body straight on; any other it reads, failing
            // with 413 (answered by refuseOversizedRead) at the first byte past the limit.
            boundedRead.handle(ctx);
        } else if (length(declared) > limit) {
            refuse(ctx);
        } else {
            ctx.next();
        }
    }

    private void refuseOversizedRead(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            refuse(ctx);
        } else {
            ctx.next();
        }
    }

    private void refuse(RoutingContext ctx) {
        String message = "The request body is larger than the " + size(limit) + " this API accepts; only image data"
                + " (PUT /image/v2/images/{image_id}/file) may be larger.";
        Future<Void> answered = ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(errorBody(ctx.request().path(), message));
        closeAfterLingering(ctx.request(), answered);
    }

    /**
     * Closing at once, with the client still sending, makes the kernel reset the connection, and the client
     * may lose the answer; so what it still sends is read and dropped for a while, as nginx's lingering close
     * does. An HTTP/2 stream ends with its answer and the connection serves other streams.
     */
    private void closeAfterLingering(HttpServerRequest request, Future<Void> answered) {
        if (request.version() == HttpVersion.HTTP_2) {
            return;
        }
        if (request.isEnded()) {
            answered.onComplete(done -> request.connection().close());
            return;
        }
        long timer = vertx.setTimer(LINGER_MILLIS, id -> request.connection().close());
        request.handler(ignored -> {
        });
        request.endHandler(ended -> {
            vertx.cancelTimer(timer);
            answered.onComplete(done -> request.connection().close());
        });
        request.resume();
    }

    /** Nova's shape under /compute; Keystone's (which Glance shares) everywhere else. */
    static String errorBody(String path, String message) {
        if (path != null && (path.equals("/compute") || path.startsWith("/compute/"))) {
            return new JsonObject().put(ComputeError.kindOf(413), new JsonObject().put("code", 413)
                    .put("message", message)).encode();
        }
        return new JsonObject().put("error", new JsonObject().put("code", 413)
                .put("title", "Request Entity Too Large").put("message", message)).encode();
    }

    private static long length(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // Netty refuses a malformed Content-Length first; never let one through
        }
    }

    private static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
