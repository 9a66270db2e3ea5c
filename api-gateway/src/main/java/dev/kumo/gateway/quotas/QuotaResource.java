package dev.kumo.gateway.quotas;

/** The quota resources Nova knows; network ones are gone from the API from microversion 2.36. */
public enum QuotaResource {
    INSTANCES("instances", false),
    CORES("cores", false),
    RAM("ram", false),
    FLOATING_IPS("floating_ips", true),
    FIXED_IPS("fixed_ips", true),
    METADATA_ITEMS("metadata_items", false),
    INJECTED_FILES("injected_files", false),
    INJECTED_FILE_CONTENT_BYTES("injected_file_content_bytes", false),
    INJECTED_FILE_PATH_BYTES("injected_file_path_bytes", false),
    KEY_PAIRS("key_pairs", false),
    SECURITY_GROUPS("security_groups", true),
    SECURITY_GROUP_RULES("security_group_rules", true),
    SERVER_GROUPS("server_groups", false),
    SERVER_GROUP_MEMBERS("server_group_members", false);

    private final String key;
    private final boolean network;

    QuotaResource(String key, boolean network) {
        this.key = key;
        this.network = network;
    }

    public String key() {
        return key;
    }

    /** Quotas that belong to Neutron; Nova dropped them from its API at 2.36. */
    public boolean network() {
        return network;
    }

    public static java.util.Optional<QuotaResource> named(String key) {
        for (QuotaResource resource : values()) {
            if (resource.key.equals(key)) {
                return java.util.Optional.of(resource);
            }
        }
        return java.util.Optional.empty();
    }
}
