package dev.kumo.agent.hypervisor;

/**
 * The {@code <metadata>} element Kumo puts in each of its domains, so an operator reading {@code virsh dumpxml}
 * knows which instance a domain is.
 */
final class KumoMetadata {

    static final String NAMESPACE = "http://kumo.dev/xmlns/libvirt/instance/1.0";

    private KumoMetadata() {
    }

    static String of(InstanceSpec spec) {
        return """
                  <metadata>
                    <kumo:instance xmlns:kumo="%s">
                      <kumo:name>%s</kumo:name>
                    </kumo:instance>
                  </metadata>
                """.formatted(NAMESPACE, escape(spec.name()));
    }

    /** Escapes text for an XML element or a quoted attribute. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        escaped.append(c); // control characters are not allowed in XML 1.0: drop them
                    }
                }
            }
        }
        return escaped.toString();
    }
}
