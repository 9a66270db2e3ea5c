package dev.kumo.gateway.routing;

import dev.kumo.gateway.images.BootImages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Routes the image and network APIs to the services that own them: {@code /image/...} to image-service and
 * {@code /network/...} to network-service. Bodies stream through in both directions (an image upload is
 * never held in memory; {@link BodyLimits} says how large a body each route takes); the caller's token and
 * request id travel with the request, and the prefix in X-Forwarded-Prefix lets the service write links that
 * point back through the gateway.
 */
@ApplicationScoped
public class ServiceRoutes {

    private static final Logger LOG = Logger.getLogger(ServiceRoutes.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");

    /** A request about one image, {@code /image/v2/images/{id}...}; any but a read may change it. */
    private static final Pattern IMAGE_CHANGE = Pattern.compile("^/image/v2/images/([0-9A-Za-z-]+)(/.*)?$");

    /** Where Quarkus' HTTP metrics find the route a request took (Quarkus REST puts its resources' paths there). */
    private static final String URI_TEMPLATE = "UrlPathTemplate";

    private final URI imageService;
    private final URI networkService;
    private final BootImages bootImages;

    public ServiceRoutes(@ConfigProperty(name = "kumo.routes.image-service") URI imageService,
            @ConfigProperty(name = "kumo.routes.network-service") URI networkService, BootImages bootImages) {
        this.imageService = imageService;
        this.networkService = networkService;
        this.bootImages = bootImages;
    }

    void register(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(64));
        router.routeWithRegex("^/image(/.*)?$").handler(ctx -> forward(client, ctx, "/image", imageService));
        router.routeWithRegex("^/network(/.*)?$").handler(ctx -> forward(client, ctx, "/network", networkService));
    }

    /**
     * Once the image service answered a request that may have changed an image, servers boot from what it says
     * of the image, not from what this gateway remembered.
     */
    private void forgetChangedImage(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
            return;
        }
        Matcher image = IMAGE_CHANGE.matcher(request.path());
        if (image.matches()) {
            bootImages.forget(image.group(1));
        }
    }

    private void forward(HttpClient client, RoutingContext ctx, String prefix, URI target) {
        HttpServerRequest incoming = ctx.request();
        incoming.pause();
        measuredAs(RouteTemplates.of(prefix, incoming.path()));
        String path = incoming.uri().substring(prefix.length());
        RequestOptions options = new RequestOptions()
                .setMethod(incoming.method())
                .setHost(target.getHost())
                .setPort(target.getPort())
                .setURI(path.isEmpty() || path.startsWith("?") ? "/" + path : path);
        incoming.headers().forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                options.addHeader(header.getKey(), header.getValue());
            }
        });
        options.putHeader("X-Forwarded-Host", incoming.authority() == null ? "" : incoming.authority().toString());
        options.putHeader("X-Forwarded-Proto", incoming.scheme());
        options.putHeader("X-Forwarded-Prefix", prefix);
        client.request(options)
                .compose(outgoing -> send(ctx, outgoing))
                .onSuccess(answer -> relay(answer, ctx.response()))
                .onFailure(error -> unavailable(ctx, prefix, target, error))
                .onComplete(done -> forgetChangedImage(incoming));
    }

    /** The route Quarkus' HTTP metrics tag this request with (a route handler runs on the request's context). */
    private static void measuredAs(String template) {
        Vertx.currentContext().putLocal(URI_TEMPLATE, template);
    }

    /**
     * Streams the caller's body on, unless {@link BodyLimits} has already read it (a JSON body of unknown
     * length, at most the limit). A caller waiting for {@code 100 Continue} (curl, for any large upload) gets
     * the service's, so a service that refuses the request (too large, not allowed) does so before the caller
     * sends its data.
     */
    private static Future<HttpClientResponse> send(RoutingContext ctx, HttpClientRequest outgoing) {
        if (ctx.body().available()) {
            Buffer body = ctx.body().buffer();
            return body == null ? outgoing.send() : outgoing.send(body);
        }
        HttpServerRequest incoming = ctx.request();
        outgoing.setChunked(!outgoing.headers().contains(HttpHeaders.CONTENT_LENGTH));
        if ("100-continue".equalsIgnoreCase(incoming.getHeader(HttpHeaders.EXPECT))) {
            // Vert.x sends a request's head with its first byte, which this caller sends only after 100 Continue.
            outgoing.continueHandler(proceed -> ctx.response().writeContinue());
            outgoing.sendHead();
        }
        // A caller gone mid-body resets the service's request rather than ending it short.
        incoming.pipe().endOnFailure(false).to(outgoing).onFailure(broken -> outgoing.reset(0, broken));
        return outgoing.response();
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse response) {
        response.setStatusCode(answer.statusCode());
        answer.headers().forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                response.headers().add(header.getKey(), header.getValue());
            }
        });
        response.send(answer);
    }

    private static void unavailable(RoutingContext ctx, String prefix, URI target, Throwable error) {
        LOG.warnf("%s is unreachable at %s: %s", prefix, target, error.getMessage());
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", new JsonObject().put("code", 503).put("title", "Service Unavailable")
                        .put("message", "The " + prefix.substring(1) + " service is not available; try again shortly."))
                        .encode());
    }
}
