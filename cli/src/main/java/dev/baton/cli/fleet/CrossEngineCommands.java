package dev.baton.cli.fleet;

import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Scope;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournaledEngine;
import dev.baton.fleet.FleetConfig;
import dev.baton.fleet.FleetRevocations;
import dev.baton.fleet.RevocationFeed;
import dev.baton.fleet.RingRevocations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The cross-engine part of an engine process of the fleet demo: after its share of the workload, the
 * engine restarts on its journal with portable (version 2) warrants: its own key, the other engines'
 * keys trusted, and the fleet's revocation feed as its revocation source ({@link FleetRevocations}: a
 * stale feed refuses every foreign warrant, {@code REVOCATION_FEED_STALE}); a second feed applies every revocation
 * of the fleet on the engine's ring ({@link RingRevocations}), where it is journaled (FOREIGN_REVOCATION) and
 * ends the mirrors of the revoked chains. Commands, one a line, answered with one line:
 * <ul>
 *   <li>{@code root}: alice opens a refund-dispute task for the planner: {@code root grant=G warrant=B64};</li>
 *   <li>{@code delegate W FROM TO}: delegates from the (foreign) warrant {@code W}:
 *       {@code delegated outcome=O reason=R grant=G warrant=B64};</li>
 *   <li>{@code authorize W HOLDER}: the holder summarises public data on the warrant:
 *       {@code authorized outcome=O reason=R};</li>
 *   <li>{@code close G}: alice closes the task: {@code closed outcome=O at=MILLIS};</li>
 *   <li>{@code await-deny W HOLDER ROOT_ENGINE ROOT_GRANT SINCE}: waits until this engine's feed knows the
 *       root revoked, then authorizes again: {@code denied outcome=O reason=R after_ms=T}.</li>
 * </ul>
 * The agents are the example policy's (planner, crm-reader, summariser); the scope is {@code
 * doc.summarize:summarize} on public data: within each of their ceilings, and needing no review on the
 * way to the partner.
 * <p>
 * <b>Note:</b> one thread (the process's command loop). Allocates.
 */
final class CrossEngineCommands implements AutoCloseable {
    private static final String ALICE = "user:alice@acme.example";
    private final JournaledEngine engine;
    private final Policy policy;
    private final RevocationFeed feed;
    private RevocationFeed ring;
    private RingRevocations applier;

    private CrossEngineCommands(final JournaledEngine engine, final RevocationFeed feed) {
        this.engine = engine;
        this.policy = engine.policy();
        this.feed = feed;
    }

    /**
     * Restarts the engine on its journal with portable warrants.
     *
     * @param files    this engine's files.
     * @param engines  how many engines the fleet has (ids 1..n; their warrant keys are in the fleet directory).
     * @param policy   the policy file.
     * @param feed     this engine's revocation feed.
     * @param fleet    the fleet (for the feed that applies revocations on the engine's ring).
     * @return the commands, on the running engine.
     */
    static CrossEngineCommands start(final EngineFiles files, final int engines, final Path policy,
                                     final RevocationFeed feed, final FleetConfig fleet) throws Exception {
        EngineConfig config = new EngineConfig(PolicyCompiler.load(policy), files.journal())
            .journalKey(files.journalKey()).checkpoints(files.anchor(), files.privateKey(), files.publicKey())
            .portableWarrants(files.id(), ring(files))
            .revocations(new FleetRevocations(feed));
        for (int id = 1; id <= engines; id++) {
            if (id != files.id()) {
                config = config.trustEngine(id, ring(new EngineFiles(files.dir(), id)));
            }
        }
        final CrossEngineCommands commands = new CrossEngineCommands(JournaledEngine.start(config), feed);
        commands.applier = RingRevocations.of(commands.engine);
        commands.ring = RevocationFeed.start(fleet, java.time.Clock.systemUTC(), commands.applier);
        return commands;
    }

    private static WarrantKeyRing ring(final EngineFiles files) throws IOException {
        return new WarrantKeyRing(0, WarrantKey.hmacSha256(files.id(), Files.readAllBytes(files.warrantKey())));
    }

    private Scope scope() {
        return policy.scope().capability("doc.summarize", "summarize").data("public").build();
    }

    /** @return the answer to one command line, or null if it is not one of these. */
    String answer(final String[] w) {
        try (DecisionSession s = engine.session()) {
            switch (w[0]) {
                case "root": {
                    final Decision d = s.open(engine.principal(ALICE), policy.purpose("refund-dispute"),
                        engine.agent(w.length > 1 ? w[1] : "spiffe://acme.example/agent/planner"), scope());
                    return "root outcome=" + d.outcome() + " reason=" + d.reason() + " grant=" + d.grantId()
                        + " warrant=" + b64(d.warrant());
                }
                case "delegate": {
                    final Decision d = s.delegate(GrantRef.ofWarrant(unb64(w[1])), engine.agent(w[2]), engine.agent(w[3]),
                        scope());
                    return "delegated outcome=" + d.outcome() + " reason=" + d.reason() + " grant=" + d.grantId()
                        + " warrant=" + b64(d.warrant());
                }
                case "authorize": {
                    final Decision d = authorize(s, w[1], w[2]);
                    return "authorized outcome=" + d.outcome() + " reason=" + d.reason();
                }
                case "close": {
                    final Decision d = s.close(GrantRef.ofId(Long.parseLong(w[1])), engine.principal(ALICE));
                    return "closed outcome=" + d.outcome() + " reason=" + d.reason() + " at=" + System.currentTimeMillis();
                }
                case "await-deny":
                    return awaitDeny(s, w);
                default:
                    return null;
            }
        }
    }

    private Decision authorize(final DecisionSession s, final String warrant, final String holder) {
        return s.authorize(GrantRef.ofWarrant(unb64(warrant)), engine.agent(holder),
            policy.capability("doc.summarize", "summarize"), policy.dataClass("public"), "dispute #4411", null);
    }

    /**
     * Waits for the feed to know the root revoked (at most 30 s), then authorizes on the warrant again; then
     * waits (at most 30 s more) until the engine's ring has it too (journaled FOREIGN_REVOCATION), for the audit.
     */
    private String awaitDeny(final DecisionSession s, final String[] w) {
        final int rootEngine = Integer.parseInt(w[3]);
        final long root = Long.parseLong(w[4]);
        final long since = Long.parseLong(w[5]);
        final long deadline = System.currentTimeMillis() + 30_000;
        while (!feed.isRevoked(rootEngine, root) && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        final long seen = System.currentTimeMillis();
        final Decision d = authorize(s, w[1], w[2]);
        final String answer = "denied outcome=" + d.outcome() + " reason=" + d.reason() + " after_ms=" + (seen - since)
            + " denied=" + (d.outcome() == Outcome.DENY);
        int quiet = 0; // the ring's feed has read it and its applier has been idle for 50 ms: the engine journaled it
        while (quiet < 5 && System.currentTimeMillis() < deadline + 30_000) {
            quiet = ring.isRevoked(rootEngine, root) && applier.isIdle() ? quiet + 1 : 0;
            sleep(10);
        }
        return answer;
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String b64(final byte[] bytes) {
        return bytes == null || bytes.length == 0 ? "-" : Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] unb64(final String s) {
        return "-".equals(s) ? new byte[0] : Base64.getDecoder().decode(s);
    }

    @Override
    public void close() {
        if (ring != null) {
            ring.close();
        }
        engine.close();
    }
}
