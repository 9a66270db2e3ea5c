package dev.kumo.e2e.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.e2e.Compute;
import dev.kumo.e2e.KumoSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The portal in a real browser against the running system and the real Keycloak: alice creates a server in the
 * wizard and watches it come up without reloading, stops it and reads its console; bob never sees it; the
 * operator sees every tenant's servers and takes a host through maintenance and back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalTest {

    private static final Duration LIVE = Duration.ofSeconds(90);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String ALICE_SERVER = "portal-alice-" + RUN;
    private static final String BOB_SERVER = "portal-bob-" + RUN;
    private static final List<String[]> CREATED = new ArrayList<>();
    private static String aliceServerId;

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
        CREATED.add(new String[] {"bob", Compute.as("bob").createServer(BOB_SERVER, "42")});
    }

    @AfterAll
    static void cleanUp() {
        for (String[] server : CREATED) {
            Compute.as(server[0]).request().delete("/compute/v2.1/servers/" + server[1]);
        }
        System.out.println("portal screenshots are in " + Browser.SCREENSHOTS);
    }

    @Test
    @Order(1)
    void aliceCreatesAServerInTheWizardAndWatchesItBecomeActiveThenStopsItAndReadsItsConsole() {
        try (Browser alice = Browser.open().logIn("alice", "alice")) {
            assertEquals("acme", alice.text(By.id("project")));
            alice.go("/instances");
            alice.find(By.id("create-instance")).click();
            alice.waitFor(LIVE, d -> !d.findElements(By.id("wizard")).isEmpty());
            alice.find(By.cssSelector("input[name=image][data-name='kumo-tiny']")).click();
            alice.find(By.cssSelector("input[name=flavor][data-name='m1.nano']")).click();
            if (alice.has(By.cssSelector("input[name=network][value=none]"))
                    && !alice.has(By.cssSelector("input[name=network]:not([value=none])"))) {
                alice.find(By.cssSelector("input[name=network][value=none]")).click();
            }
            alice.find(By.id("name")).sendKeys(ALICE_SERVER);
            alice.screenshot("create-wizard");
            // The portal swaps pages into this one document (htmx): the mark and the log of every status the
            // page showed survive the whole session unless the browser reloads.
            alice.script("window.kumoSamePage = 'yes'; window.kumoStatuses = [];"
                    + "document.addEventListener('htmx:afterSettle', function () {"
                    + "  var s = document.getElementById('instance-status'); if (!s) { return; }"
                    + "  var t = s.textContent.trim(), log = window.kumoStatuses;"
                    + "  if (log[log.length - 1] !== t) { log.push(t); } });");
            alice.find(By.id("create")).click();

            alice.waitFor(LIVE, d -> !d.findElements(By.id("instance-status")).isEmpty());
            // The status section is swapped in place while the server builds: read it in one step, never by a reference.
            aliceServerId = (String) alice.script("return document.getElementById('status').getAttribute('data-instance');");
            assertTrue(alice.url().contains("/portal/instances/" + aliceServerId), "the address names the server");
            CREATED.add(new String[] {"alice", aliceServerId});
            String pageUrl = alice.url();
            watchStatusUntil(alice, "ACTIVE");
            Object statuses = alice.script("return window.kumoStatuses;");
            System.out.println("alice's page showed " + statuses);
            assertEquals(List.of("BUILD", "ACTIVE"), statuses, "BUILD, then ACTIVE, on the same page");
            assertEquals("yes", alice.script("return window.kumoSamePage;"), "the page was not reloaded");
            assertEquals(pageUrl, alice.url());

            alice.find(By.id("action-stop")).click();
            watchStatusUntil(alice, "SHUTOFF");
            assertTrue(alice.pageText().contains("stop"), "the stop action is in the server's actions");

            alice.find(By.id("show-console")).click();
            alice.waitFor(LIVE, d -> d.findElement(By.id("console")).isDisplayed());
            assertFalse(alice.has(By.id("error-message")), "the console log is shown, not an error");

            alice.go("/instances");
            assertTrue(alice.pageText().contains(ALICE_SERVER));
            assertFalse(alice.pageText().contains(BOB_SERVER), "alice does not see bob's server");
        }
    }

    @Test
    @Order(2)
    void bobsSessionNeverShowsAlicesServer() {
        try (Browser bob = Browser.open().logIn("bob", "bob")) {
            bob.go("/instances");
            assertTrue(bob.pageText().contains(BOB_SERVER), "bob sees his own server");
            assertFalse(bob.pageText().contains(ALICE_SERVER), "bob does not see alice's server");

            // While bob's list is open, alice's server changes: bob's page must not show it either.
            bob.script("window.kumoSamePage = 'yes';");
            Compute.as("alice").request().contentType("application/json").body("{\"os-start\": null}")
                    .post("/compute/v2.1/servers/" + aliceServerId + "/action").then().statusCode(202);
            Compute.as("alice").awaitSettled(aliceServerId, LIVE);
            sleep(Duration.ofSeconds(3));
            assertEquals("yes", bob.script("return window.kumoSamePage;"));
            assertFalse(bob.pageText().contains(ALICE_SERVER), "bob's live page does not show alice's server");

            bob.go("/instances/" + aliceServerId);
            assertTrue(bob.has(By.id("error-message")), "alice's server is not found for bob");
            assertTrue(bob.text(By.id("error-message")).contains("could not be found"));
        }
    }

    @Test
    @Order(3)
    void theOperatorSeesEveryTenantsServersAndTakesAHostThroughMaintenance() {
        try (Browser admin = Browser.open().logIn("admin", "admin")) {
            assertTrue(admin.url().endsWith("/portal/dashboard"), "operators start at the dashboard");
            admin.waitFor(LIVE, d -> !d.findElements(By.id("host-summary")).isEmpty());
            admin.screenshot("dashboard");

            admin.go("/instances");
            assertTrue(admin.pageText().contains(ALICE_SERVER), "the operator sees alice's server");
            assertTrue(admin.pageText().contains(BOB_SERVER), "the operator sees bob's server");
            admin.screenshot("instances");

            admin.go("/hosts");
            admin.screenshot("hosts");
            WebElement host = admin.find(By.cssSelector("tr[data-host][data-state=up][data-maintenance=false]"));
            String name = host.getAttribute("data-host");
            host.findElement(By.cssSelector("button[data-action=maintenance-on]")).click();
            admin.waitFor(LIVE, d -> "true".equals(d.findElement(By.cssSelector("tr[data-host='" + name + "']"))
                    .getAttribute("data-maintenance")));
            admin.find(By.cssSelector("tr[data-host='" + name + "'] button[data-action=maintenance-off]")).click();
            admin.waitFor(LIVE, d -> "false".equals(d.findElement(By.cssSelector("tr[data-host='" + name + "']"))
                    .getAttribute("data-maintenance")));
        }
    }

    /** Waits, on the same page, until the status shows {@code wanted}; returns the statuses it saw on the way. */
    private static List<String> watchStatusUntil(Browser browser, String wanted) {
        List<String> seen = new ArrayList<>();
        browser.waitFor(LIVE, d -> {
            List<WebElement> status = d.findElements(By.id("instance-status"));
            if (status.isEmpty()) {
                return false;
            }
            String now;
            try {
                now = status.get(0).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException swapped) {
                return false;
            }
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                seen.add(now);
            }
            return wanted.equals(now);
        });
        return seen;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
