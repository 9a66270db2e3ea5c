package dev.kumo.image.images;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** An image as Glance v2 shows it: core attributes (nulls included), links, then its properties as top-level keys. */
public final class ImageView {

    private ImageView() {
    }

    public static Map<String, Object> of(Image image) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", image.id.toString());
        view.put("name", image.name);
        view.put("status", image.status);
        view.put("visibility", image.visibility);
        view.put("protected", image.isProtected);
        view.put("os_hidden", image.osHidden);
        view.put("checksum", image.checksum);
        view.put("os_hash_algo", image.osHashAlgo);
        view.put("os_hash_value", image.osHashValue);
        view.put("owner", image.owner);
        view.put("size", image.size);
        view.put("virtual_size", image.virtualSize);
        view.put("min_ram", image.minRam);
        view.put("min_disk", image.minDisk);
        view.put("disk_format", image.diskFormat);
        view.put("container_format", image.containerFormat);
        view.put("created_at", timestamp(image.createdAt));
        view.put("updated_at", timestamp(image.updatedAt));
        view.put("tags", image.tags.stream().sorted().toList());
        view.put("self", "/v2/images/" + image.id);
        view.put("file", "/v2/images/" + image.id + "/file");
        view.put("schema", "/v2/schemas/image");
        new TreeMap<>(image.properties).forEach(view::putIfAbsent);
        return view;
    }

    /** Glance writes times to the second, in UTC, with a Z. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
