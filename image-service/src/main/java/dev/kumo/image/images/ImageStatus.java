package dev.kumo.image.images;

/** Glance's image statuses used here: queued → saving → active (killed when an upload fails), deactivated. */
public final class ImageStatus {

    public static final String QUEUED = "queued";
    public static final String SAVING = "saving";
    public static final String ACTIVE = "active";
    public static final String KILLED = "killed";
    public static final String DEACTIVATED = "deactivated";

    private ImageStatus() {
    }
}
