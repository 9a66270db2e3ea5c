package dev.kumo.scheduler.audit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kumo.scheduler.audit.GatewayInstances.LiveInstance;
import dev.kumo.scheduler.audit.OrphanAudit.Held;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When the audit calls an allocation an orphan. */
class OrphanRuleTest {

    private final UUID instance = UUID.randomUUID();
    private final Held onA = new Held(instance, "a", null, Instant.EPOCH);

    @Test
    void anAllocationWhoseInstanceIsNotLiveIsAnOrphan() {
        assertNotNull(OrphanAudit.why(onA, null));
        assertNotNull(OrphanAudit.why(new Held(UUID.randomUUID(), "a", instance, Instant.EPOCH), null));
    }

    @Test
    void anAllocationOnAnotherHostThanItsIdleInstancesIsAnOrphan() {
        assertNotNull(OrphanAudit.why(onA, new LiveInstance("b", null)));
    }

    @Test
    void anInstanceOnItsHostNotYetScheduledOrBusyKeepsItsAllocation() {
        assertNull(OrphanAudit.why(onA, new LiveInstance("a", null)));
        assertNull(OrphanAudit.why(onA, new LiveInstance(null, null)));
        assertNull(OrphanAudit.why(onA, new LiveInstance("b", "resize_prep")));
        assertNull(OrphanAudit.why(new Held(UUID.randomUUID(), "a", instance, Instant.EPOCH),
                new LiveInstance("b", null)));
    }
}
