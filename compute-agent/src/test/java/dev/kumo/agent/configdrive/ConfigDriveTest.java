package dev.kumo.agent.configdrive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kumo.agent.configdrive.ConfigDriveContent.FixedIp;
import dev.kumo.agent.configdrive.ConfigDriveContent.Nic;
import dev.kumo.agent.configdrive.ConfigDriveContent.PublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDriveTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ID = UUID.fromString("0c9f1e2d-3a4b-4c5d-8e6f-7a8b9c0d1e2f");
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKumoKumoKumoKumoKumoKumoKumo alice@laptop";
    /** Newlines, a blank line, no newline at the end, quotes, and non-ASCII characters (2, 3 and 4 UTF-8 bytes). */
    private static final byte[] USER_DATA = "#!/bin/sh\necho 'grüße' \"雲\"\n\nprintf '🌩\\n' > /tmp/kumo"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void metaDataNamesTheInstanceItsKeyAndItsMetadata() throws Exception {
        Path iso = written(content(Optional.of(USER_DATA)));

        JsonNode metaData = JSON.readTree(extract(iso, "/openstack/latest/meta_data.json"));

        assertEquals(ID.toString(), metaData.get("uuid").asText());
        assertEquals("web \"one\"", metaData.get("name").asText());
        assertEquals("web-1", metaData.get("hostname").asText());
        assertEquals("f0e1d2c3b4a5", metaData.get("project_id").asText());
        assertEquals("nova", metaData.get("availability_zone").asText());
        assertEquals(0, metaData.get("launch_index").asInt());
        assertEquals(KEY, metaData.get("public_keys").get("alice").asText());
        assertEquals(JSON.readTree("[{\"name\":\"alice\",\"type\":\"ssh\",\"data\":\"" + KEY + "\"}]"),
                metaData.get("keys"));
        assertEquals("say \"hi\" & <bye>", metaData.get("meta").get("role").asText());
        assertEquals("Zürich", metaData.get("meta").get("site").asText());
        assertTrue(metaData.get("devices").isArray() && metaData.get("devices").isEmpty());
        assertEquals(512, Base64.getDecoder().decode(metaData.get("random_seed").asText()).length);
    }

    @Test
    void userDataComesBackByteForByte() throws Exception {
        Path iso = written(content(Optional.of(USER_DATA)));

        assertArrayEquals(USER_DATA, extract(iso, "/openstack/latest/user_data"));
        assertArrayEquals(USER_DATA, extract(iso, "/openstack/2012-08-10/user_data"));
    }

    @Test
    void theVolumeIsLabelledConfig2() throws Exception {
        Path iso = written(content(Optional.empty()));

        String description = new String(isoinfo("-d", "-i", iso.toString()), StandardCharsets.UTF_8);

        assertTrue(description.contains("Volume id: config-2"), description);
    }

    @Test
    void everyVersionHasTheFilesItIntroducedAndNoUserDataWhenThereIsNone() throws Exception {
        Path iso = written(content(Optional.empty()));

        List<String> files = List.of(new String(isoinfo("-R", "-f", "-i", iso.toString()), StandardCharsets.UTF_8)
                .split("\n"));

        for (String file : List.of("meta_data.json", "vendor_data.json", "vendor_data2.json", "network_data.json")) {
            assertTrue(files.contains("/openstack/latest/" + file), "latest has " + file + ": " + files);
        }
        assertTrue(files.contains("/openstack/2012-08-10/meta_data.json"), files::toString);
        assertFalse(files.contains("/openstack/2012-08-10/network_data.json"), "Folsom had no network data");
        assertTrue(files.contains("/openstack/2015-10-15/network_data.json"), files::toString);
        assertTrue(files.stream().noneMatch(file -> file.endsWith("/user_data")), files::toString);
        JsonNode folsom = JSON.readTree(extract(iso, "/openstack/2012-08-10/meta_data.json"));
        assertFalse(folsom.has("project_id") || folsom.has("random_seed") || folsom.has("devices"), folsom::toString);
        assertEquals("{}", new String(extract(iso, "/openstack/latest/vendor_data.json"), StandardCharsets.UTF_8));
        assertEquals(JSON.readTree("{\"links\":[],\"networks\":[],\"services\":[]}"),
                JSON.readTree(extract(iso, "/openstack/latest/network_data.json")));
    }

    @Test
    void aNicWithAFixedIpIsStaticAndOneWithoutAsksDhcp() throws Exception {
        Nic fixed = new Nic("5f3c1b2a-9d8e-4f70-a1b2-c3d4e5f60718", "net-1", "FA:16:3E:00:00:01", OptionalInt.of(1450),
                Optional.of(new FixedIp("10.0.0.5", 24, Optional.of("10.0.0.1"))));
        Nic dhcp = new Nic("6a4d2c3b-0e9f-4a81-b2c3-d4e5f6071829", "net-2", "fa:16:3e:00:00:02", OptionalInt.empty(),
                Optional.empty());
        ConfigDriveContent content = new ConfigDriveContent(ID, "web", "web-1", "p", "nova", 0, List.of(), Map.of(),
                Optional.empty(), List.of(fixed, dhcp), List.of("10.0.0.2"));

        JsonNode network = JSON.readTree(JSON.writeValueAsBytes(ConfigDriveFiles.networkData(content)));

        assertEquals(JSON.readTree("""
                {"links": [
                   {"id": "tap5f3c1b2a-9d", "vif_id": "5f3c1b2a-9d8e-4f70-a1b2-c3d4e5f60718", "type": "phy",
                    "ethernet_mac_address": "fa:16:3e:00:00:01", "mtu": 1450},
                   {"id": "tap6a4d2c3b-0e", "vif_id": "6a4d2c3b-0e9f-4a81-b2c3-d4e5f6071829", "type": "phy",
                    "ethernet_mac_address": "fa:16:3e:00:00:02", "mtu": null}],
                 "networks": [
                   {"id": "network0", "link": "tap5f3c1b2a-9d", "network_id": "net-1", "type": "ipv4",
                    "ip_address": "10.0.0.5", "netmask": "255.255.255.0",
                    "routes": [{"network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "10.0.0.1"}],
                    "services": [{"type": "dns", "address": "10.0.0.2"}]},
                   {"id": "network1", "link": "tap6a4d2c3b-0e", "network_id": "net-2", "type": "ipv4_dhcp"}],
                 "services": [{"type": "dns", "address": "10.0.0.2"}]}
                """), network);
    }

    @Test
    void anIpv6FixedIpGetsAnIpv6Netmask() throws Exception {
        Nic nic = new Nic("p", "n", "fa:16:3e:00:00:03", OptionalInt.empty(),
                Optional.of(new FixedIp("2001:db8::5", 64, Optional.empty())));
        ConfigDriveContent content = new ConfigDriveContent(ID, "web", "web-1", "p", null, 0, List.of(), Map.of(),
                Optional.empty(), List.of(nic), List.of());

        JsonNode network = ConfigDriveFiles.networkData(content).get("networks").get(0);

        assertEquals("ipv6", network.get("type").asText());
        assertEquals("ffff:ffff:ffff:ffff:0:0:0:0", network.get("netmask").asText());
        assertTrue(network.get("routes").isEmpty());
    }

    @Test
    void addressesMustBeLiteralsAndMacAddressesMustBeMacAddresses() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> new FixedIp("example.com", 24, Optional.empty()));
        assertTrue(name.getMessage().contains("address"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FixedIp("10.0.0.5", 33, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new FixedIp("10.0.0.5", 24, Optional.of("gw")));
        IllegalArgumentException mac = assertThrows(IllegalArgumentException.class,
                () -> new Nic("p", "n", "fa:16:3e:00:00", OptionalInt.empty(), Optional.empty()));
        assertTrue(mac.getMessage().contains("macAddress"), mac.getMessage());
    }

    @Test
    void aSecondDriveReplacesTheFirstAndNothingIsLeftBesideIt() throws Exception {
        Path iso = written(content(Optional.of("first".getBytes(StandardCharsets.US_ASCII))));

        new ConfigDrive().write(content(Optional.of("second".getBytes(StandardCharsets.US_ASCII))), iso);

        assertEquals("second", new String(extract(iso, "/openstack/latest/user_data"), StandardCharsets.US_ASCII));
        assertEquals(List.of(iso), filesIn(dir));
    }

    @Test
    void aMissingGenisoimageIsNamedInTheErrorAndNoDriveAppears() throws IOException {
        Path iso = dir.resolve("disk.config");
        ConfigDrive drive = new ConfigDrive(dir.resolve("no-such-genisoimage").toString(), Duration.ofSeconds(10));

        ConfigDriveException error = assertThrows(ConfigDriveException.class,
                () -> drive.write(content(Optional.empty()), iso));

        assertTrue(error.getMessage().contains("no-such-genisoimage") && error.getMessage().contains("genisoimage"),
                error.getMessage());
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void aFailingGenisoimageReportsItsExitCodeAndMessages() throws IOException {
        Path fake = dir.resolve("tools").resolve("genisoimage");
        Files.createDirectories(fake.getParent());
        Files.writeString(fake, "#!/bin/sh\necho 'genisoimage: No space left on device' >&2\nexit 3\n");
        assertTrue(fake.toFile().setExecutable(true));
        Path drives = dir.resolve("instance");

        ConfigDriveException error = assertThrows(ConfigDriveException.class,
                () -> new ConfigDrive(fake.toString(), Duration.ofSeconds(10)).write(content(Optional.empty()),
                        drives.resolve("disk.config")));

        assertTrue(error.getMessage().contains("exit code 3"), error.getMessage());
        assertTrue(error.getMessage().contains("No space left on device"), error.getMessage());
        assertEquals(List.of(), filesIn(drives));
    }

    @Test
    void aHangingGenisoimageIsStoppedAtTheTimeout() throws IOException {
        Path fake = dir.resolve("tools").resolve("genisoimage");
        Files.createDirectories(fake.getParent());
        Files.writeString(fake, "#!/bin/sh\nexec sleep 30\n");
        assertTrue(fake.toFile().setExecutable(true));

        ConfigDriveException error = assertThrows(ConfigDriveException.class,
                () -> new ConfigDrive(fake.toString(), Duration.ofMillis(300)).write(content(Optional.empty()),
                        dir.resolve("instance").resolve("disk.config")));

        assertTrue(error.getMessage().contains("within"), error.getMessage());
    }

    private static ConfigDriveContent content(Optional<byte[]> userData) {
        return new ConfigDriveContent(ID, "web \"one\"", "web-1", "f0e1d2c3b4a5", "nova", 0,
                List.of(PublicKey.ssh("alice", KEY)), Map.of("role", "say \"hi\" & <bye>", "site", "Zürich"),
                userData, List.of(), List.of());
    }

    private Path written(ConfigDriveContent content) {
        requireIsoTools();
        Path iso = dir.resolve("disk.config");
        new ConfigDrive().write(content, iso);
        return iso;
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static byte[] extract(Path iso, String path) throws Exception {
        return isoinfo("-R", "-x", path, "-i", iso.toString());
    }

    private static byte[] isoinfo(String... arguments) throws Exception {
        List<String> command = Stream.concat(Stream.of("isoinfo"), Stream.of(arguments)).toList();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "isoinfo finished");
        assertEquals(0, process.exitValue(), String.join(" ", command));
        return output;
    }

    /**
     * genisoimage writes the drives and isoinfo reads them (Debian package genisoimage). Missing, the tests skip,
     * unless KUMO_REQUIRE_QEMU=true, as under ./kumo test, which needs them for real guests anyway.
     */
    private static void requireIsoTools() {
        boolean present = onPath("genisoimage") && onPath("isoinfo");
        String flag = System.getProperty("KUMO_REQUIRE_QEMU", System.getenv("KUMO_REQUIRE_QEMU"));
        if (!present && "true".equalsIgnoreCase(flag)) {
            fail("KUMO_REQUIRE_QEMU=true but genisoimage or isoinfo is missing (apt-get install genisoimage)");
        }
        assumeTrue(present, "genisoimage or isoinfo is missing (apt-get install genisoimage)");
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }
}
