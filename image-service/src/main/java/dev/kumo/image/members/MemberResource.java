package dev.kumo.image.members;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.image.errors.ImageError;
import dev.kumo.image.identity.Caller;
import dev.kumo.image.images.Image;
import dev.kumo.image.images.ImageAccess;
import dev.kumo.image.images.ImageView;
import dev.kumo.image.images.Visibility;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of a shared image. Its owner offers it to projects and takes the offer back; each member
 * project accepts or rejects it for itself (and sees only its own entry). Accepted images appear in the
 * member's default image list.
 */
@Path("/v2/images/{id}/members")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    private static final List<String> STATUSES = List.of(ImageMember.PENDING, ImageMember.ACCEPTED, ImageMember.REJECTED);

    private final ImageAccess access;
    private final Caller caller;
    private final Clock clock;

    public MemberResource(ImageAccess access, Caller caller, Clock clock) {
        this.access = access;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> add(@PathParam("id") String id, JsonNode body) {
        Image image = access.changeable(id, "add_member");
        if (!Visibility.SHARED.equals(image.visibility)) {
            throw ImageError.forbidden("Only shared images have members.");
        }
        JsonNode member = body == null ? null : body.get("member");
        if (member == null || !member.isTextual() || member.textValue().isBlank() || member.textValue().length() > 64) {
            throw ImageError.badRequest("The request body must name the project to share with: {\"member\": \"<project id>\"}.");
        }
        if (ImageMember.find(image.id, member.textValue()).isPresent()) {
            throw ImageError.conflict("Project " + member.textValue() + " is already a member of image " + id + ".");
        }
        ImageMember entry = new ImageMember();
        entry.imageId = image.id;
        entry.member = member.textValue();
        entry.status = ImageMember.PENDING;
        entry.createdAt = Instant.now(clock);
        entry.updatedAt = entry.createdAt;
        entry.persist();
        return view(entry);
    }

    @GET
    public Map<String, Object> list(@PathParam("id") String id) {
        Image image = visibleShared(id);
        List<ImageMember> members = access.isOwner(image)
                ? ImageMember.list("imageId = ?1 order by createdAt, member", image.id)
                : ImageMember.find(image.id, caller.projectId()).stream().toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("members", members.stream().map(MemberResource::view).toList());
        body.put("schema", "/v2/schemas/members");
        return body;
    }

    @GET
    @Path("{member}")
    public Map<String, Object> show(@PathParam("id") String id, @PathParam("member") String member) {
        return view(member(visibleShared(id), member));
    }

    @PUT
    @Path("{member}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> update(@PathParam("id") String id, @PathParam("member") String member, JsonNode body) {
        Image image = visibleShared(id);
        ImageMember entry = member(image, member);
        caller.requireChange("modify_member");
        if (!caller.isAdmin() && !caller.projectId().equals(member)) {
            throw ImageError.forbidden("Only the member project itself may accept or reject image " + id + ".");
        }
        JsonNode status = body == null ? null : body.get("status");
        if (status == null || !status.isTextual() || !STATUSES.contains(status.textValue())) {
            throw ImageError.badRequest("Invalid member status " + status + ": use one of " + STATUSES + ".");
        }
        entry.status = status.textValue();
        entry.updatedAt = Instant.now(clock);
        return view(entry);
    }

    @DELETE
    @Path("{member}")
    @Transactional
    public Response remove(@PathParam("id") String id, @PathParam("member") String member) {
        Image image = access.changeable(id, "delete_member");
        member(image, member).delete();
        return Response.noContent().build();
    }

    private Image visibleShared(String id) {
        Image image = access.visible(id);
        if (!Visibility.SHARED.equals(image.visibility)) {
            throw ImageError.forbidden("Only shared images have members.");
        }
        return image;
    }

    /** A member entry the caller may see: the owner sees all, a member only its own. */
    private ImageMember member(Image image, String member) {
        boolean mayLook = access.isOwner(image) || caller.projectId().equals(member);
        return ImageMember.find(image.id, member).filter(entry -> mayLook).orElseThrow(() ->
                ImageError.notFound("Project " + member + " is not a member of image " + image.id + "."));
    }

    static Map<String, Object> view(ImageMember member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("image_id", member.imageId.toString());
        view.put("member_id", member.member);
        view.put("status", member.status);
        view.put("created_at", ImageView.timestamp(member.createdAt));
        view.put("updated_at", ImageView.timestamp(member.updatedAt));
        view.put("schema", "/v2/schemas/member");
        return view;
    }
}
