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
import java.time.InstantSource;
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

    /** @param args {@code A|B DIR}. */
    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[1]);
        if ("A".equals(args[0])) {
            engineA(dir);
        } else {
            engineB(dir);
        }
    }

    private static void engineA(final Path dir) throws Exception {
        final CompiledPolicy policy = TestPolicies.resource("rules.yaml");
        final DecisionCore core = new DecisionCore(policy, InstantSource.system());
        final var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final WarrantKeyRing keys = new WarrantKeyRing(60_000, WarrantKey.ed25519(1, pair));
        final PortableGate gate = new PortableGate(core, ENGINE_A, keys, new RevocationSet(), new int[0],
            new WarrantKeyRing[0]);
        final int alice = core.identity("user:alice@acme.example");
        final int planner = core.identity("spiffe://acme.example/agent/planner");
        final int reader = core.identity("spiffe://acme.example/agent/reader/crm");
        final DecisionSlot d = new DecisionSlot();
        core.open(alice, policy.purpose("refund-dispute"), planner, new ScopeBits(policy).capability("crm.lookup", "read")
            .capability("doc.summarize", "summarize").data("public").data("internal"), d);
        report("A open", d, policy);
        final long root = d.grantId();
        final byte[] warrant = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int rootLength = gate.write(root, warrant, 0);
        final long parent = gate.verify(warrant, 0, rootLength, planner, d);
        core.delegate(parent, planner, reader, new ScopeBits(policy).capability("crm.lookup", "read").data("internal"), d);
        report("A delegate", d, policy);
        final int length = gate.write(d.grantId(), warrant, 0);
        Files.write(dir.resolve("a.warrant"), Arrays.copyOf(warrant, length));
        Files.writeString(dir.resolve("a.root"), Long.toString(root));
        Files.writeString(dir.resolve("a.pub"), HexFormat.of().formatHex(WarrantKey.rawPublicKey(pair.getPublic())));
    }

    private static void engineB(final Path dir) throws Exception {
        final CompiledPolicy policy = TestPolicies.resource("rules.yaml");
        final DecisionCore core = new DecisionCore(policy, InstantSource.system());
        final WarrantKeyRing keys = new WarrantKeyRing(60_000, WarrantKey.hmacSha256(7, secret()));
        final WarrantKeyRing aKeys = new WarrantKeyRing(60_000, WarrantKey.ed25519Verifying(1,
            HexFormat.of().parseHex(Files.readString(dir.resolve("a.pub")).strip())));
        final RevocationSet revocations = new RevocationSet();
        final PortableGate gate = new PortableGate(core, ENGINE_B, keys, revocations, new int[] {ENGINE_A},
            new WarrantKeyRing[] {aKeys});
        final int reader = core.identity("spiffe://acme.example/agent/reader/crm");
        final int helper = core.identity("spiffe://acme.example/agent/reader/b");
        final DecisionSlot d = new DecisionSlot();
        final byte[] foreign = Files.readAllBytes(dir.resolve("a.warrant"));
        final long parent = gate.verify(foreign, 0, foreign.length, reader, d);
        System.out.println("B accepted foreign parent " + parent + " " + (parent != 0));
        core.delegate(parent, reader, helper, new ScopeBits(policy).capability("crm.lookup", "read").data("internal"), d);
        report("B delegate", d, policy);
        final byte[] grandchild = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int length = gate.write(d.grantId(), grandchild, 0);
        System.out.println("B grandchild hops " + hops(grandchild, length));
        authorize(gate, core, policy, grandchild, length, helper, d, "B authorize");
        revocations.revoke(ENGINE_A, Long.parseLong(Files.readString(dir.resolve("a.root")).strip()));
        authorize(gate, core, policy, grandchild, length, helper, d, "B authorize after A's root revoked");
    }

    private static void authorize(final PortableGate gate, final DecisionCore core, final CompiledPolicy policy,
                                  final byte[] warrant, final int length, final int presenter, final DecisionSlot d,
                                  final String what) {
        final long grant = gate.verify(warrant, 0, length, presenter, d);
        if (grant != 0) {
            core.authorize(grant, presenter, policy.capability("crm.lookup", "read"), policy.dataClass("internal"),
                "ticket 7", d);
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
