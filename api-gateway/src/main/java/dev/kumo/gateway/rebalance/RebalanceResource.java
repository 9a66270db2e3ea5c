package dev.kumo.gateway.rebalance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.servers.Migrations;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * {@code POST /compute/v2.1/os-rebalance} (admins): {@code {"rebalance": {"dry_run": true|false, "metric": "ram"|
 * "vcpu", "threshold_percent", "max_moves", and one of "availability_zone", "aggregate", "hosts"}}}. The scheduler
 * plans the moves; a dry run answers the plan (200), otherwise each move starts as a live migration with its own
 * instance action, and the plan comes back (202) with what was started and what was skipped.
 */
@Path("/compute/v2.1/os-rebalance")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class RebalanceResource {

    private static final Set<String> FIELDS = Set.of("dry_run", "metric", "threshold_percent", "max_moves",
            "availability_zone", "aggregate", "hosts");

    private final RebalancePlans plans;
    private final Migrations migrations;
    private final Caller caller;

    public RebalanceResource(RebalancePlans plans, Migrations migrations, Caller caller) {
        this.plans = plans;
        this.migrations = migrations;
        this.caller = caller;
    }

    @POST
    public Response rebalance(JsonNode body) {
        caller.requireAdmin("os_compute_api:os-rebalance");
        JsonNode request = Fields.object(body, "rebalance");
        Fields.onlyKnown(request, FIELDS);
        Boolean dryRun = Fields.optionalBoolean(request, "dry_run");
        ObjectNode policy = ((ObjectNode) request).deepCopy();
        policy.remove("dry_run");
        checkPolicy(policy);
        ObjectNode plan = (ObjectNode) plans.plan(policy);
        plan.put("dry_run", dryRun == null || dryRun);
        if (dryRun == null || dryRun) {
            return Response.ok(wrap(plan)).build();
        }
        ArrayNode started = plan.putArray("started");
        ArrayNode skipped = plan.putArray("skipped");
        for (JsonNode move : plan.path("moves")) {
            String refused = migrations.startMove(java.util.UUID.fromString(move.path("instance_id").asText()),
                    move.path("source").asText(), move.path("target").asText(), caller.userId());
            ObjectNode outcome = (refused == null ? started : skipped).addObject();
            outcome.put("instance_id", move.path("instance_id").asText());
            outcome.put("target", move.path("target").asText());
            if (refused != null) {
                outcome.put("reason", refused);
            }
        }
        return Response.accepted(wrap(plan)).build();
    }

    /** The gateway's own check of the policy's types, so a bad field is named before the scheduler is asked. */
    private static void checkPolicy(JsonNode policy) {
        JsonNode metric = policy.get("metric");
        if (metric != null && !metric.isNull() && !Set.of("ram", "vcpu").contains(metric.asText(""))) {
            throw Fields.invalid("metric", metric, "It must be 'ram' or 'vcpu'.");
        }
        JsonNode threshold = policy.get("threshold_percent");
        if (threshold != null && !threshold.isNull()
                && (!threshold.isNumber() || threshold.asDouble() < 0 || threshold.asDouble() > 100)) {
            throw Fields.invalid("threshold_percent", threshold, "It must be a number from 0 to 100.");
        }
        JsonNode moves = policy.get("max_moves");
        if (moves != null && !moves.isNull()) {
            Fields.integer("max_moves", moves, 1, 1000);
        }
        JsonNode hosts = policy.get("hosts");
        if (hosts != null && !hosts.isNull() && (!hosts.isArray() || hosts.isEmpty())) {
            throw Fields.invalid("hosts", hosts, "It must be a non-empty list of host names.");
        }
        long scopes = Set.of("availability_zone", "aggregate", "hosts").stream()
                .filter(field -> policy.hasNonNull(field)).count();
        if (scopes != 1) {
            throw ComputeError.badRequest("Invalid input for field/attribute rebalance. Give exactly one scope:"
                    + " availability_zone, aggregate or hosts.");
        }
    }

    private static ObjectNode wrap(ObjectNode plan) {
        ObjectNode body = plan.objectNode();
        body.set("rebalance", plan);
        return body;
    }
}
