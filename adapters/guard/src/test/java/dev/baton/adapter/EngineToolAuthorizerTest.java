package dev.baton.adapter;

import dev.baton.Decision;
import dev.baton.Reason;
import dev.baton.UnknownNameException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineToolAuthorizerTest {
    private RefundDispute task;
    private ToolCallAuthorizer authorizer;
    private Decision root;
    private Decision crm;

    @BeforeEach
    void setUp() throws Exception {
        task = new RefundDispute();
        authorizer = new EngineToolAuthorizer(task.engine, RefundDispute.tools());
        root = task.openTask();
        crm = task.delegateToCrmReader(root);
    }

    @AfterEach
    void tearDown() {
        task.close();
    }

    private ToolCall call(final String tool, final Map<String, ?> args, final Decision grant, final String holder) {
        return ToolCall.of(tool, args, PresentedWarrant.of(holder, grant));
    }

    @Test
    void shouldAllowAMappedCallWithinTheGrant() {
        final ToolVerdict v = authorizer.authorize(call("lookup_customer", Map.of("customer_id", "c-1", "reason", "dispute #4411"),
            crm, RefundDispute.CRM_READER));
        assertTrue(v.allowed(), v.toString());
        assertEquals(crm.grantId(), v.grantId());
    }

    @Test
    void shouldRefuseACapabilityTheGrantDoesNotHoldAndNameTheReason() {
        final ToolVerdict v = authorizer.authorize(call("send_mail", Map.of("reason", "tell them"), crm, RefundDispute.CRM_READER));
        assertFalse(v.allowed());
        assertEquals(Reason.CAPABILITY_NOT_GRANTED.name(), v.code());
        assertTrue(v.modelText("send_mail").contains("CAPABILITY_NOT_GRANTED"), v.modelText("send_mail"));
        assertTrue(v.modelText("send_mail").contains("was not run"));
    }

    @Test
    void shouldReadTheJustificationFromTheDeclaredArgument() {
        final ToolVerdict v = authorizer.authorize(call("lookup_customer", Map.of("customer_id", "c-1"), crm, RefundDispute.CRM_READER));
        assertEquals(Reason.JUSTIFICATION_REQUIRED.name(), v.code());
    }

    @Test
    void shouldRefuseAnUnmappedToolWithoutAskingTheEngine() {
        final ToolVerdict v = authorizer.authorize(call("drop_tables", Map.of(), crm, RefundDispute.CRM_READER));
        assertEquals(GuardCode.UNMAPPED_TOOL.name(), v.code());
        assertTrue(v.detail().contains("drop_tables"));
    }

    @Test
    void shouldRefuseACallThatPresentsNothing() {
        assertEquals(GuardCode.NO_WARRANT.name(), authorizer.authorize(ToolCall.of("summarize_doc", Map.of(), null)).code());
    }

    @Test
    void shouldRefuseAPresenterThatMatchesNoAgent() {
        final ToolVerdict v = authorizer.authorize(call("lookup_customer", Map.of("reason", "x"), crm, "spiffe://evil.example/agent/x"));
        assertEquals(GuardCode.UNKNOWN_AGENT.name(), v.code());
    }

    @Test
    void shouldRefuseAWarrantPresentedByAnotherAgent() {
        final ToolVerdict v = authorizer.authorize(call("lookup_customer", Map.of("reason", "x"), crm, RefundDispute.PAYMENTS));
        assertEquals(Reason.NOT_HOLDER.name(), v.code());
    }

    @Test
    void shouldRefuseATamperedWarrant() {
        final byte[] w = crm.warrant();
        w[w.length - 1] ^= 1;
        final ToolVerdict v = authorizer.authorize(ToolCall.of("lookup_customer", Map.of("reason", "x"),
            PresentedWarrant.of(RefundDispute.CRM_READER, w)));
        assertEquals(Reason.BAD_MAC.name(), v.code());
    }

    @Test
    void shouldRefuseEveryPendingCallOnceTheTaskIsClosed() {
        assertTrue(task.close(root).allowed());
        final ToolVerdict v = authorizer.authorize(call("lookup_customer", Map.of("reason", "late"), crm, RefundDispute.CRM_READER));
        assertEquals(Reason.REVOKED.name(), v.code());
    }

    @Test
    void shouldFailAtConstructionWhenTheMappingNamesAnUnknownCapability() {
        final ToolMapping typo = ToolMapping.builder().tool("x", ToolBinding.capability("crm.lookup", "raed")).build();
        assertThrows(UnknownNameException.class, () -> new EngineToolAuthorizer(task.engine, typo));
    }

    @Test
    void shouldAuthorizeFromManyThreadsAtOnce() throws Exception {
        final Thread[] threads = new Thread[4];
        final int[] allowed = new int[threads.length];
        for (int t = 0; t < threads.length; t++) {
            final int slot = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    if (authorizer.authorize(call("lookup_customer", Map.of("reason", "r"), crm, RefundDispute.CRM_READER)).allowed()) {
                        allowed[slot]++;
                    }
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        for (final int a : allowed) {
            assertEquals(200, a);
        }
    }
}
