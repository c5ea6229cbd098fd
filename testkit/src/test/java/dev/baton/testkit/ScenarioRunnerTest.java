package dev.baton.testkit;

import dev.baton.core.ManualClock;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionCore;
import dev.baton.Outcome;
import dev.baton.core.PolicyCompiler;
import dev.baton.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioRunnerTest {

    static Path repoRoot() {
        final String prop = System.getProperty("baton.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "src", "scenarios"))) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("src").resolve("scenarios"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    private static ScenarioRunner runner(final Scenario s) throws Exception {
        final CompiledPolicy policy = PolicyCompiler.load(s.policy());
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        return new ScenarioRunner(s, new DecisionCore(policy, clock), clock);
    }

    @Test
    void shouldMeetEveryExpectationOfTheExampleScenarioRunAfterRun() throws Exception {
        final Scenario s = ScenarioParser.parse(repoRoot().resolve("src/scenarios/refund-dispute.yaml"));
        final ScenarioRunner r = runner(s);
        final List<String> missed = new ArrayList<>();
        final Set<Reason> reasons = EnumSet.noneOf(Reason.class);
        final DecisionTally tally = new DecisionTally();
        for (int i = 0; i < 50; i++) {
            r.runOnce((step, d, met) -> {
                tally.record(d);
                reasons.add(d.reason());
                if (!met && missed.size() < 10) {
                    missed.add(step.at() + " expected " + step.expect() + " got " + d.outcome() + ' ' + d.reason());
                }
            });
        }
        assertEquals(List.of(), missed);
        assertEquals(0, r.missed());
        assertEquals(r.decisions(), tally.total());
        assertTrue(tally.count(Outcome.REVIEW) > 0 && tally.count(Outcome.DENY) > 0);
        // The example exercises every delegation rule kind of the brief.
        for (final Reason must : List.of(Reason.NOT_HOLDER, Reason.EXPIRED, Reason.REVOKED, Reason.PENDING_REVIEW,
            Reason.UNKNOWN_AGENT, Reason.NO_DELEGATION_EDGE, Reason.MAX_DEPTH, Reason.NOT_ATTENUATED,
            Reason.NON_TRANSITIVE, Reason.AGENT_CEILING, Reason.PURPOSE_CEILING, Reason.NEVER_LEAVE,
            Reason.EXTERNAL_LIMIT, Reason.REVIEW_REQUIRED, Reason.REVIEW_DENIED, Reason.REVIEW_TIMED_OUT,
            Reason.NOT_A_REVIEWER, Reason.JUSTIFICATION_REQUIRED, Reason.REASON_REQUIRED,
            Reason.BREAK_GLASS_NOT_ALLOWED, Reason.PRINCIPAL_NOT_ALLOWED, Reason.NOT_ENTRY_AGENT,
            Reason.NOT_AUTHORIZED_TO_REVOKE)) {
            assertTrue(reasons.contains(must), "example scenario never produces " + must);
        }
    }

    @Test
    void shouldCountMissedExpectations(@TempDir final Path dir) throws Exception {
        final Path policy = repoRoot().resolve("src/policies/minimal.yaml");
        final Path file = dir.resolve("s.yaml");
        Files.writeString(file, "policy: " + policy + "\nsteps:\n"
            + "  - open: {principal: \"user:nobody@nowhere\", purpose: " + firstPurpose(policy)
            + ", agent: spiffe://x.example/y}\n    expect: ALLOW\n");
        final ScenarioRunner r = runner(ScenarioParser.parse(file));
        r.runOnce(null);
        assertEquals(1, r.missed());
    }

    private static String firstPurpose(final Path policy) throws Exception {
        return PolicyCompiler.load(policy).purposeName(0);
    }

    @Test
    void shouldRejectUnknownOperationWithLineAndColumn(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "policy: p.yaml\nsteps:\n  - delegat: {from: a, to: b}\n");
        final ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(file));
        assertTrue(e.getMessage().contains("bad.yaml:3:5: steps[0].delegat: unknown field 'delegat'"),
            e.getMessage());
    }

    @Test
    void shouldRejectBadExpectation(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "policy: p.yaml\nsteps:\n  - advance: 1m\n    expect: MAYBE\n");
        final ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(file));
        assertTrue(e.getMessage().contains(":4:13: steps[0].expect: expected 'ALLOW'"), e.getMessage());
    }

    @Test
    void shouldRequireTheActorOfARevokeOrClose(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("s.yaml");
        for (final String op : List.of("revoke", "close")) {
            Files.writeString(file, "policy: p.yaml\nsteps:\n  - " + op + ": {grant: task}\n");
            final ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(file));
            assertTrue(e.getMessage().contains(":3:" + (op.length() + 7) + ": steps[0]." + op
                + ".by: missing required field 'by'"), e.getMessage());
        }
    }

    @Test
    void shouldRejectGrantNameNotCreatedEarlier(@TempDir final Path dir) throws Exception {
        final Path policy = repoRoot().resolve("src/policies/refund-dispute.yaml");
        final Path file = dir.resolve("s.yaml");
        Files.writeString(file, "policy: " + policy + "\nsteps:\n  - revoke: {grant: ghost, by: \"user:a@acme.example\"}\n");
        final ScenarioException e = assertThrows(ScenarioException.class,
            () -> runner(ScenarioParser.parse(file)));
        assertTrue(e.getMessage().contains(":3:5: no grant named 'ghost'"), e.getMessage());
    }

    @Test
    void shouldRejectMisspeltPolicyNamesNamingTheNearestDeclaredOne(@TempDir final Path dir) throws Exception {
        final Path policy = repoRoot().resolve("src/policies/refund-dispute.yaml");
        final String open = "  - open: {principal: \"user:alice@acme.example\", purpose: refund-dispute,"
            + " agent: spiffe://acme.example/agent/planner, capabilities: [\"crm.lookup:read\"], as: r}\n";
        final String[][] cases = {
            {"  - authorize: {grant: r, capability: \"crm.lookup:read\", data: customer-pii}\n",
                ":4:5: no data class 'customer-pii' in the policy (did you mean 'customer_pii'?)"},
            {"  - authorize: {grant: r, capability: \"crm.lookup:raed\"}\n",
                ":4:5: no capability 'crm.lookup:raed' in the policy (expected tool:action) (did you mean"
                    + " 'crm.lookup:read'?)"},
            {"  - delegate: {from: r, to: spiffe://acme.example/agent/crm-reader,"
                + " capabilities: [\"crm.lookup:read\"], data: [customer-pii]}\n",
                ":4:5: no data class 'customer-pii' in the policy (did you mean 'customer_pii'?)"},
            {"  - break_glass: {principal: \"user:oncall-bob@acme.example\", rule: on-call, agent:"
                + " spiffe://acme.example/agent/planner, purpose: refund-dispute, reason: fire,"
                + " capabilities: [\"crm.lookup:read\"]}\n",
                ":4:5: no break_glass rule 'on-call' in the policy (did you mean 'oncall'?)"},
        };
        for (final String[] c : cases) {
            final Path file = dir.resolve("s.yaml");
            Files.writeString(file, "policy: " + policy + "\nsteps:\n" + open + c[0]);
            final ScenarioException e = assertThrows(ScenarioException.class,
                () -> runner(ScenarioParser.parse(file)), c[0]);
            assertTrue(e.getMessage().endsWith(c[1]), e.getMessage());
        }
    }
}
