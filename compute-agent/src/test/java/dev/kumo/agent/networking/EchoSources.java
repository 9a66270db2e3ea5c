package dev.kumo.agent.networking;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remembers, in a test namespace, the source address of every ping it receives (an nftables set filled by its
 * input hook), so a test can tell what the other side of a NAT saw.
 */
final class EchoSources {

    private static final Pattern IPV4 = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private EchoSources() {
    }

    static void record(HostCommands commands, String namespace) {
        HostCommands.Result applied = commands.nftIn(namespace, String.join("\n",
                "table inet kumo-test {",
                "  set sources { type ipv4_addr; flags dynamic; }",
                "  chain input { type filter hook input priority 0; policy accept;"
                        + " icmp type echo-request add @sources { ip saddr }; }",
                "}")
                + "\n");
        if (!applied.ok()) {
            throw new IllegalStateException("cannot record ping sources in " + namespace + ": " + applied.output());
        }
    }

    static Set<String> seen(HostCommands commands, String namespace) {
        String listed = commands.run("ip", "netns", "exec", namespace, "nft", "list", "set", "inet", "kumo-test",
                "sources");
        Set<String> sources = new TreeSet<>();
        int elements = listed.indexOf("elements");
        if (elements >= 0) {
            Matcher matcher = IPV4.matcher(listed.substring(elements));
            while (matcher.find()) {
                sources.add(matcher.group());
            }
        }
        return sources;
    }
}
