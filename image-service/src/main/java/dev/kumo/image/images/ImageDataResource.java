package dev.kumo.image.images;

import dev.kumo.image.errors.ImageError;
import dev.kumo.image.errors.ImageErrorMapper;
import dev.kumo.image.formats.DiskFormatInspection;
import dev.kumo.image.identity.Caller;
import dev.kumo.image.store.ImageStore;
import dev.kumo.image.store.ImageTooLarge;
import dev.kumo.image.store.StoredImage;
import dev.kumo.image.store.UnreadableUpload;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * An image's data: {@code PUT /v2/images/{id}/file} streams an upload into the store (inspecting its header
 * first, hashing as it goes), {@code GET} streams it back. Nothing is held in memory beyond a buffer.
 */
@Path("/v2/images/{id}/file")
@Authenticated
public class ImageDataResource {

    private static final Logger LOG = Logger.getLogger(ImageDataResource.class);

    private final ImageAccess access;
    private final ImageUploads uploads;
    private final ImageStore store;
    private final Caller caller;
    private final long sizeLimit;

    public ImageDataResource(ImageAccess access, ImageUploads uploads, ImageStore store, Caller caller,
                             @ConfigProperty(name = "kumo.image.size-limit") MemorySize sizeLimit) {
        this.access = access;
        this.uploads = uploads;
        this.store = store;
        this.caller = caller;
        this.sizeLimit = sizeLimit.asLongValue();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response upload(@PathParam("id") String id, @HeaderParam("Content-Length") Long contentLength,
                           InputStream data) {
        Image image = uploads.begin(id, contentLength == null ? -1 : contentLength, sizeLimit);
        StoredImage stored;
        Optional<Long> virtualSize;
        try {
            byte[] head = head(data);
            virtualSize = DiskFormatInspection.inspect(image.diskFormat, head);
            stored = store.write(image.id, new SequenceInputStream(new ByteArrayInputStream(head), data), sizeLimit);
        } catch (DiskFormatInspection.UnsafeImage e) {
            uploads.restore(image.id);
            throw ImageError.badRequest(e.getMessage());
        } catch (ImageTooLarge e) {
            uploads.restore(image.id);
            throw ImageError.tooLarge(e.getMessage());
        } catch (UnreadableUpload e) {
            uploads.kill(image.id);
            throw ImageError.badRequest(e.getMessage());
        } catch (IOException e) {
            LOG.errorf(e, "the image store failed to write image %s", image.id);
            uploads.kill(image.id);
            throw new ImageError(503, "The image store could not keep the data of image " + id + "; try again later.");
        }
        if (!uploads.finish(image.id, stored, virtualSize, image.diskFormat)) {
            deleteQuietly(image);
            throw new ImageError(410, "Image " + id + " was deleted during upload.");
        }
        return Response.noContent().build();
    }

    /** No {@code @Produces}: Glance sends the data whatever the client accepts (Tempest asks for JSON). */
    @GET
    public Response download(@PathParam("id") String id, @HeaderParam("Range") String rangeHeader) {
        Image image = access.visible(id);
        if (ImageStatus.DEACTIVATED.equals(image.status) && !caller.isAdmin()) {
            throw ImageError.forbidden("The requested image has been deactivated. Image data download is forbidden.");
        }
        if (!ImageStatus.ACTIVE.equals(image.status) && !ImageStatus.DEACTIVATED.equals(image.status)) {
            return Response.noContent().build();
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(rangeHeader, image.size);
        } catch (ByteRange.Unsatisfiable e) {
            return Response.fromResponse(ImageErrorMapper.render(416, e.getMessage()))
                    .header("Content-Range", "bytes */" + image.size).build();
        }
        InputStream data;
        try {
            data = store.read(image.id);
            if (range.isPresent()) {
                data.skipNBytes(range.get().first());
            }
        } catch (IOException e) {
            LOG.errorf(e, "the data of active image %s cannot be read from the store", image.id);
            throw new ImageError(503, "The data of image " + id + " cannot be read from the image store.");
        }
        long length = range.map(ByteRange::length).orElse(image.size);
        InputStream limited = data;
        StreamingOutput body = out -> {
            try (InputStream in = limited) {
                copy(in, out, length);
            }
        };
        Response.ResponseBuilder response = Response.status(range.isPresent() ? 206 : 200)
                .entity(body).type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Length", length)
                .header("Accept-Ranges", "bytes");
        range.ifPresentOrElse(r -> response.header("Content-Range", r.contentRange(image.size)),
                () -> response.header("Content-MD5", image.checksum));
        return response.build();
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static byte[] head(InputStream data) throws UnreadableUpload {
        try {
            return data.readNBytes(DiskFormatInspection.HEAD_LENGTH);
        } catch (IOException e) {
            throw new UnreadableUpload(e);
        }
    }

    private void deleteQuietly(Image image) {
        try {
            store.delete(image.id);
        } catch (IOException e) {
            LOG.warnf(e, "data of image %s, deleted during its upload, could not be removed", image.id);
        }
    }
}
