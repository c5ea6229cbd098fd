package dev.baton.core;

import dev.baton.Outcome;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.RevocationSet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One engine of {@link PortableCrossProcessTest}, run in its own JVM (no JVM option): {@code A DIR} opens a
 * task and delegates it, publishing its child warrant, its root grant id and its public key in DIR;
 * {@code B DIR} accepts A's warrant offline, delegates further, authorizes on the grandchild's warrant,
 * then learns that A's root was revoked and presents the grandchild again. Prints one line per decision.
 */
public final class PortableEngineMain {
    static final int ENGINE_A = 1;
    static final int ENGINE_B = 2;

    private PortableEngineMain() {
    }

    private static final String WIDE = "crm.lookup:read+doc.summarize:summarize/public+internal";
    private static final String READ = "crm.lookup:read/internal";

    /** @param args {@code A|B|REPLAY DIR}. */
    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[1]);
        if ("A".equals(args[0])) {
            engineA(dir);
        } else if ("B".equals(args[0])) {
            engineB(dir);
        } else {
            System.out.println("replayed A without keys: " + PortableJournal.replay(dir.resolve("a.journal"), ENGINE_A)
                + " decisions match");
            System.out.println("replayed B without keys: " + PortableJournal.replay(dir.resolve("b.journal"), ENGINE_B)
                + " decisions match");
        }
    }

    private static void engineA(final Path dir) throws Exception {
        final CompiledPolicy policy = TestPolicies.resource("rules.yaml");
        final ManualClock clock = new ManualClock(System.currentTimeMillis());
        final DecisionCore core = new DecisionCore(policy, clock);
        final PortableJournal journal = new PortableJournal(core);
        final var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final WarrantKeyRing keys = new WarrantKeyRing(60_000, WarrantKey.ed25519(1, pair));
        final PortableGate gate = new PortableGate(core, ENGINE_A, keys, new RevocationSet(), new int[0],
            new WarrantKeyRing[0]);
        final int alice = core.identity("user:alice@acme.example");
        final int planner = core.identity("spiffe://acme.example/agent/planner");
        final int reader = core.identity("spiffe://acme.example/agent/reader/crm");
        final DecisionSlot d = new DecisionSlot();
        core.open(alice, policy.purpose("refund-dispute"), planner, PortableJournal.scope(policy, WIDE), d);
        journal.open(clock.millis(), alice, "refund-dispute", planner, WIDE, d);
        report("A open", d, policy);
        final long root = d.grantId();
        final byte[] warrant = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int rootLength = gate.write(root, warrant, 0);
        clock.advance(3);
        final long parent = gate.verify(warrant, 0, rootLength, planner, d);
        core.delegate(parent, planner, reader, PortableJournal.scope(policy, READ), d);
        journal.delegate(clock.millis(), parent, planner, reader, READ, d);
        report("A delegate", d, policy);
        final int length = gate.write(d.grantId(), warrant, 0);
        Files.write(dir.resolve("a.warrant"), Arrays.copyOf(warrant, length));
        Files.writeString(dir.resolve("a.root"), Long.toString(root));
        journal.write(dir.resolve("a.journal"));
        Files.writeString(dir.resolve("a.pub"), HexFormat.of().formatHex(WarrantKey.rawPublicKey(pair.getPublic())));
    }

    private static void engineB(final Path dir) throws Exception {
        final CompiledPolicy policy = TestPolicies.resource("rules.yaml");
        final ManualClock clock = new ManualClock(System.currentTimeMillis());
        final DecisionCore core = new DecisionCore(policy, clock);
        final PortableJournal journal = new PortableJournal(core);
        final WarrantKeyRing keys = new WarrantKeyRing(60_000, WarrantKey.hmacSha256(7, secret()));
        final WarrantKeyRing aKeys = new WarrantKeyRing(60_000, WarrantKey.ed25519Verifying(1,
            HexFormat.of().parseHex(Files.readString(dir.resolve("a.pub")).strip())));
        final RevocationSet revocations = new RevocationSet();
        final PortableGate gate = new PortableGate(core, ENGINE_B, keys, revocations, new int[] {ENGINE_A},
            new WarrantKeyRing[] {aKeys}).onMirror(journal.listener());
        final int reader = core.identity("spiffe://acme.example/agent/reader/crm");
        final int helper = core.identity("spiffe://acme.example/agent/reader/b");
        final DecisionSlot d = new DecisionSlot();
        final byte[] foreign = Files.readAllBytes(dir.resolve("a.warrant"));
        final long parent = gate.verify(foreign, 0, foreign.length, reader, d);
        if (parent == 0) {
            journal.refused(clock.millis(), d);
        }
        System.out.println("B accepted foreign parent " + parent + " " + (parent != 0));
        clock.advance(5);
        core.delegate(parent, reader, helper, PortableJournal.scope(policy, READ), d);
        journal.delegate(clock.millis(), parent, reader, helper, READ, d);
        report("B delegate", d, policy);
        final byte[] grandchild = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int length = gate.write(d.grantId(), grandchild, 0);
        System.out.println("B grandchild hops " + hops(grandchild, length));
        clock.advance(5);
        authorize(gate, core, policy, grandchild, length, helper, d, "B authorize", journal, clock);
        revocations.revoke(ENGINE_A, Long.parseLong(Files.readString(dir.resolve("a.root")).strip()));
        clock.advance(5);
        authorize(gate, core, policy, grandchild, length, helper, d, "B authorize after A's root revoked", journal, clock);
        journal.write(dir.resolve("b.journal"));
    }

    private static void authorize(final PortableGate gate, final DecisionCore core, final CompiledPolicy policy,
                                  final byte[] warrant, final int length, final int presenter, final DecisionSlot d,
                                  final String what, final PortableJournal journal, final ManualClock clock) {
        final long grant = gate.verify(warrant, 0, length, presenter, d);
        if (grant != 0) {
            core.authorize(grant, presenter, policy.capability("crm.lookup", "read"), policy.dataClass("internal"),
                "ticket 7", d);
            journal.authorize(clock.millis(), grant, presenter, "crm.lookup:read", "internal", d);
        } else {
            journal.refused(clock.millis(), d);
        }
        report(what, d, policy);
    }

    private static String hops(final byte[] warrant, final int length) {
        final dev.baton.codec.PortableWarrantDecoder w = new dev.baton.codec.PortableWarrantDecoder();
        w.wrap(warrant, 0, length, null);
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < w.hopCount(); i++) {
            sb.append(i == 0 ? "" : ",").append(w.hopEngineId(i)).append(':').append(w.hopGrantId(i));
        }
        return sb.toString();
    }

    private static void report(final String what, final DecisionSlot d, final CompiledPolicy policy) {
        System.out.println(what + " " + (d.outcome() == Outcome.ALLOW ? "ALLOW" : "DENY " + d.reason()));
        if (d.outcome() != Outcome.ALLOW && !what.contains("revoked")) {
            System.out.println("  " + d.describe(policy));
        }
    }

    private static byte[] secret() {
        return "engine B's HMAC secret, 32+ bytes long".getBytes(StandardCharsets.US_ASCII);
    }
}
