package dev.baton.adapter.langchain4j;

import dev.baton.adapter.PresentedWarrant;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WarrantLedgerTest {
    @Test
    void shouldGiveEachInvocationOfOneAgentItsOwnWarrantInPlanOrder() {
        final WarrantLedger ledger = new WarrantLedger();
        final PresentedWarrant first = PresentedWarrant.ofGrantId("spiffe://acme.example/agent/crm-reader", 7);
        final PresentedWarrant second = PresentedWarrant.ofGrantId("spiffe://acme.example/agent/crm-reader", 8);
        ledger.offer("crmReader$0", first);
        ledger.offer("crmReader$0", second);
        assertEquals(2, ledger.pendingCount());
        assertEquals(first, ledger.take("crmReader$0"));
        assertEquals(second, ledger.take("crmReader$0"));
        assertNull(ledger.take("crmReader$0"), "a third invocation gets no warrant: its tools are refused");
        assertNull(ledger.take("payments$1"));
    }

    @Test
    void shouldUnbindNestedInvocationsInOrder() {
        final PresentedWarrant outer = PresentedWarrant.ofGrantId("spiffe://acme.example/agent/planner", 1);
        CurrentWarrant.bind(outer);
        CurrentWarrant.bind(null);
        assertNull(CurrentWarrant.get(), "an invocation without a warrant hides its caller's");
        CurrentWarrant.unbind();
        assertEquals(outer, CurrentWarrant.get());
        CurrentWarrant.unbind();
        assertNull(CurrentWarrant.get());
    }
}
