package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.Agent;
import dev.baton.Argument;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.ToolArguments;
import dev.baton.core.ManualClock;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code baton what-if} shows shared budgets: a refund the recorded policy's 5000.00 batch total allowed and a
 * candidate's 4000.00 total refuses is counted as a change because of a budget, and each budget's totals,
 * spent and left are printed under both policies.
 */
class WhatIfBudgetsTest {
    private static final Path POLICIES = CommandRun.repoRoot().resolve("src/policies");

    @TempDir
    Path dir;

    private Path journal() throws Exception {
        final Path journal = dir.resolve("journal");
        final Policy policy = Policy.load(POLICIES.resolve("refunds-constrained.yaml"));
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, journal).fsync(FsyncMode.NONE, 0)
            .clock(new ManualClock(1_800_000_000_000L)));
             DecisionSession s = engine.session()) {
            final Agent finance = engine.agent("spiffe://acme.example/agent/finance");
            final Decision root = s.open(engine.principal("user:fin@acme.example"), policy.purpose("refund-batch"),
                finance, policy.scope().capability("ledger.refund", "refund").data("financial").build());
            assertEquals(Outcome.ALLOW, root.outcome(), root::toString);
            final GrantRef ref = new GrantRef().id(root.grantId());
            final Argument amount = policy.argument("ledger.refund", "amount");
            final Argument currency = policy.argument("ledger.refund", "currency");
            for (final long cents : new long[] {300_000, 150_000}) {
                final Decision d = s.authorize(ref, finance, policy.capability("ledger.refund", "refund"),
                    policy.dataClass("financial"), null, null,
                    new ToolArguments().decimal(amount, cents, 2).string(currency, "EUR"));
                assertEquals(Outcome.ALLOW, d.outcome(), d::toString);
            }
        }
        return journal;
    }

    private Path candidate() throws Exception {
        final String text = Files.readString(POLICIES.resolve("refunds-constrained.yaml"));
        final String smaller = text.replace("budgets: {refund-total: \"5000.00\"}", "budgets: {refund-total: \"4000.00\"}");
        assertTrue(!smaller.equals(text), "the batch total shrinks");
        final Path file = dir.resolve("smaller-batches.yaml");
        Files.writeString(file, smaller);
        return file;
    }

    @Test
    void shouldShowTheChangesABudgetCausesAndWhatIsLeftUnderEachPolicy() throws Exception {
        final CommandRun run = CommandRun.of("what-if", journal().toString(), "--policy", candidate().toString());
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        final String out = run.out();
        assertTrue(out.contains("changes   1 decision would change outcome (1 direct, 0 follow-on)"), out);
        assertTrue(out.contains("  ALLOW -> DENY BUDGET_EXCEEDED"), out);
        assertTrue(out.contains("budgets   1 decision would change outcome because of a budget"), out);
        assertTrue(out.contains("  refund-total           recorded 1 task: 4500.00 spent of 5000.00, 500.00 left"), out);
        assertTrue(out.contains("                         now      1 task: 3000.00 spent of 4000.00, 1000.00 left"), out);
        assertTrue(out.contains("now  DENY BUDGET_EXCEEDED"), out);
    }

    @Test
    void shouldPrintTheBudgetsAsJson() throws Exception {
        final CommandRun run = CommandRun.of("what-if", journal().toString(), "--policy", candidate().toString(),
            "--format", "json");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertEquals(1, run.outLines().size(), run::toString);
        final JsonNode doc = new ObjectMapper().readTree(run.out());
        final List<String> fields = new ArrayList<>();
        doc.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("journal", "decisions", "recorded", "policy", "changes", "follow_ons", "reason_only",
            "by_change", "budget_changes", "budgets", "examples", "damage"), fields);
        assertEquals(1, doc.get("budget_changes").asLong());
        assertEquals("ALLOW -> DENY BUDGET_EXCEEDED", doc.get("by_change").get(0).get("change").asText());
        final JsonNode budget = doc.get("budgets").get(0);
        assertEquals("refund-total", budget.get("budget").asText());
        assertEquals("4500.00", budget.get("recorded").get("spent").asText());
        assertEquals("1000.00", budget.get("now").get("left").asText());
        assertEquals(1, budget.get("now").get("tasks").asLong());
        assertTrue(doc.get("examples").get(0).get("now").asText().startsWith("DENY BUDGET_EXCEEDED"), run::toString);
        assertTrue(doc.get("damage").isNull());
    }

    @Test
    void shouldRefuseJsonWithShadow() throws Exception {
        final CommandRun run = CommandRun.of("what-if", journal().toString(), "--shadow", "--format", "json");
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
    }
}
