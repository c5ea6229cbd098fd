package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.codec.CodecError;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two journaled engines under {@code src/policies/refunds-constrained.yaml}: A's warrant for the partner
 * carries the external limit on the summariser's path; B accepts it, holds the mirror to it (only the
 * carried constraint refuses a private path there), and a keyless replay of B's journal reproduces every
 * decision, carried constraints included.
 */
class PortableConstraintsEngineTest {
    private static final String SUPPORT = "spiffe://acme.example/agent/support";
    private static final String PARTNER = "spiffe://partner.example/mcp/summariser";
    private static final WarrantKeyRing A_KEYS = new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
        "engine A's own secret, 32 bytes!".getBytes(StandardCharsets.US_ASCII)));
    private static final WarrantKeyRing B_KEYS = new WarrantKeyRing(0, WarrantKey.hmacSha256(2,
        "engine B's own secret, 32 bytes!".getBytes(StandardCharsets.US_ASCII)));

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("src/policies"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    @Test
    void shouldCarryConstraintsFromOneEngineToAnotherAndReplayThem(@TempDir final Path dir) throws Exception {
        final Policy policy = Policy.load(repoRoot().resolve("src/policies/refunds-constrained.yaml"));
        final byte[] partnerWarrant;
        try (JournaledEngine a = JournaledEngine.start(EngineConfig.of(policy, dir.resolve("a")).portableWarrants(1, A_KEYS));
             DecisionSession s = a.session()) {
            final Agent support = a.agent(SUPPORT);
            final Decision root = s.open(a.principal("user:ana@acme.example"), policy.purpose("refund"), support,
                policy.scope().capability("doc.summarize", "summarize").capability("ledger.refund", "refund")
                    .data("public").data("financial").build());
            assertEquals(Outcome.ALLOW, root.outcome(), root::toString);
            final PortableWarrantDecoder w = new PortableWarrantDecoder();
            final byte[] rootWarrant = root.warrant();
            assertEquals(CodecError.OK, w.wrap(rootWarrant, 0, rootWarrant.length, null));
            assertEquals(3, w.constraints().count(), "the support ceiling's amount, currency and order constraints");
            final Decision child = s.delegate(GrantRef.of(root), support, a.agent(PARTNER),
                policy.scope().capability("doc.summarize", "summarize").data("public").build());
            assertEquals(Outcome.ALLOW, child.outcome(), child::toString);
            partnerWarrant = child.warrant();
        }
        try (JournaledEngine b = JournaledEngine.start(EngineConfig.of(policy, dir.resolve("b")).portableWarrants(2, B_KEYS)
                .trustEngine(1, A_KEYS));
             DecisionSession s = b.session()) {
            final Agent partner = b.agent(PARTNER);
            final ToolArguments args = new ToolArguments();
            final Decision outside = s.authorize(GrantRef.ofWarrant(partnerWarrant), partner,
                policy.capability("doc.summarize", "summarize"), policy.dataClass("public"), null, null,
                args.clear().string(policy.argument("doc.summarize", "path"), "kb/private/salaries"));
            assertEquals(Reason.ARGUMENT_CONSTRAINT, outside.reason(), outside::toString);
            final Decision inside = s.authorize(GrantRef.ofWarrant(partnerWarrant), partner,
                policy.capability("doc.summarize", "summarize"), policy.dataClass("public"), null, null,
                args.clear().string(policy.argument("doc.summarize", "path"), "kb/public/faq"));
            assertEquals(Outcome.ALLOW, inside.outcome(), inside::toString);
        }
        final JournalReplay replay = new JournalReplay(null, 1024, 1 << 20, 60_000, null).replay(dir.resolve("b"));
        assertEquals(null, replay.problem());
        assertEquals(0, replay.mismatches(), replay::firstMismatch);
        assertTrue(replay.decisions() >= 2, "both calls replayed");
    }
}
