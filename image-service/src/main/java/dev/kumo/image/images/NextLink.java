package dev.kumo.image.images;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code next} link of a list: the same query with the marker moved to the last item shown. */
public final class NextLink {

    private NextLink() {
    }

    public static String of(String path, Map<String, List<String>> query, String marker) {
        List<String> pairs = new ArrayList<>();
        query.forEach((name, values) -> {
            if (!name.equals("marker")) {
                values.forEach(value -> pairs.add(encode(name) + "=" + encode(value)));
            }
        });
        pairs.add("marker=" + encode(marker));
        return path + "?" + String.join("&", pairs);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
