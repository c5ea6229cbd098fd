package dev.baton.audit;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link WhatIf} over the {@link AuditJournal} journal. */
class WhatIfTest {
    @TempDir
    static Path shared;

    private static AuditJournal journal;
    private static CompiledPolicy narrowed;

    @BeforeAll
    static void writeJournal() throws Exception {
        journal = AuditJournal.write(shared);
        final String text = Files.readString(journal.policyFile);
        final String from = "      data: [public, internal, customer_pii]\n    delegates_to: [summariser]";
        assertTrue(text.contains(from));
        final Path file = shared.resolve("narrowed.yaml");
        Files.writeString(file, text.replace(from, "      data: [public, internal]\n    delegates_to: [summariser]")
            .replace("version: \"2026-11-23.1\"", "version: \"2026-12-01.1\""));
        narrowed = PolicyCompiler.load(file);
    }

    @Test
    void shouldCountChangedOutcomesDirectAndFollowOn() {
        final WhatIf w = WhatIf.run(journal.journal, narrowed, 10, ProgressListener.NONE);
        assertNull(w.damage(), w::damage);
        assertEquals(11, w.decisions());
        assertEquals(3, w.changes());
        assertEquals(2, w.followOns());
        assertEquals(2, w.reasonOnlyChanges());
        assertEquals(Map.of("ALLOW -> DENY AGENT_CEILING", 1L, "ALLOW -> DENY UNKNOWN_GRANT (follow-on)", 2L),
            w.changesByKind());
        assertEquals(journal.policy.versionId(), w.recordedPolicy().versionId());
        assertEquals(1, w.recordedVersions());
    }

    @Test
    void shouldNameTheJournalsIdentitiesInTheChangesShown() {
        final List<WhatIf.Change> shown = WhatIf.run(journal.journal, narrowed, 2, ProgressListener.NONE).examples();
        assertEquals(2, shown.size());
        final DecisionEntry delegation = shown.get(0).recorded();
        assertEquals(2, delegation.decisionId());
        assertFalse(shown.get(0).followOn());
        assertTrue(delegation.seq() > 0, "the entry carries its record's sequence");
        assertEquals("spiffe://acme.example/agent/planner", delegation.presenter());
        assertEquals("spiffe://acme.example/agent/crm-reader", delegation.subject());
        assertTrue(shown.get(0).now().startsWith("DENY AGENT_CEILING data=customer_pii"), shown.get(0)::now);
        final DecisionEntry use = shown.get(1).recorded();
        assertEquals("spiffe://acme.example/agent/crm-reader", use.presenter());
        assertTrue(shown.get(1).followOn());
    }

    @Test
    void shouldExplainAChangeInThreeLines() {
        final WhatIf w = WhatIf.run(journal.journal, narrowed, 10, ProgressListener.NONE);
        final String text = w.explain(w.examples().get(1));
        assertEquals(3, text.lines().count(), text);
        assertTrue(text.contains("decision 3 (request 4) at 2027-01-15T08:00:03Z: authorize crm.lookup:read on "
            + "customer_pii by spiffe://acme.example/agent/crm-reader"), text);
        assertTrue(text.contains("was  ALLOW ALLOWED"), text);
        assertTrue(text.contains("(follow-on: grant " + journal.crm + " was not created under 2026-12-01.1)"), text);
    }

    @Test
    void shouldFindNoChangeUnderTheRecordedPolicy() {
        final WhatIf w = WhatIf.run(journal.journal, journal.policy, 0, ProgressListener.NONE);
        assertEquals(0, w.changes());
        assertTrue(w.examples().isEmpty());
    }
}
