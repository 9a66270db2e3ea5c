package dev.kumo.image.images;

import java.util.List;

/** Who sees an image: its project (private), everyone (public, admins only), its members (shared), anyone who asks by id or filter (community). */
public final class Visibility {

    public static final String PRIVATE = "private";
    public static final String PUBLIC = "public";
    public static final String SHARED = "shared";
    public static final String COMMUNITY = "community";
    public static final List<String> ALL = List.of(PUBLIC, COMMUNITY, SHARED, PRIVATE);

    private Visibility() {
    }
}
