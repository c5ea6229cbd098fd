package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Scope;
import dev.baton.codec.CodecError;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.RevocationSet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * One journaled engine of {@link PortableEngineCrossProcessTest}, in its own JVM: {@code A DIR} opens a
 * task and delegates, writing the child's portable warrant; {@code B DIR} accepts it offline (A's public
 * key only), delegates further and authorizes on the grandchild's warrant, then again once A's root is
 * known revoked; {@code REPLAY DIR} replays both journals with no key. Prints one line per step.
 */
public final class PortableEngineChild {
    static final String PLANNER = "spiffe://acme.example/agent/planner";
    static final String READER = "spiffe://acme.example/agent/reader/crm";
    static final String HELPER = "spiffe://acme.example/agent/helper/one";

    private PortableEngineChild() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "A" -> engineA(dir);
            case "B" -> engineB(dir);
            default -> replay(dir);
        }
    }

    static Policy policy() throws Exception {
        return Policy.load(Path.of(PortableEngineChild.class.getResource("/policies/rules.yaml").toURI()));
    }

    private static void engineA(final Path dir) throws Exception {
        final KeyFactory ed = KeyFactory.getInstance("Ed25519");
        final KeyPair pair = new KeyPair(ed.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(dir.resolve("a.pub")))),
            ed.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("a.key")))));
        final Policy policy = policy();
        try (JournaledEngine a = JournaledEngine.start(EngineConfig.of(policy, dir.resolve("journal-a"))
                .portableWarrants(1, new WarrantKeyRing(0, WarrantKey.ed25519(3, pair))));
             DecisionSession s = a.session()) {
            final Principal alice = a.principal("user:alice@acme.example");
            final Agent planner = a.agent(PLANNER);
            final Scope scope = policy.scope().capability("crm.lookup", "read").data("internal").build();
            final Decision root = s.open(alice, policy.purpose("refund-dispute"), planner, scope);
            System.out.println("A open " + root.outcome());
            Files.writeString(dir.resolve("a.root"), Long.toString(root.grantId()));
            final Decision child = s.delegate(GrantRef.of(root), planner, a.agent(READER), scope);
            System.out.println("A delegate " + child.outcome() + " warrant v" + child.warrant()[0]);
            Files.write(dir.resolve("child.warrant"), child.warrant());
        }
    }

    private static void engineB(final Path dir) throws Exception {
        final Policy policy = policy();
        final RevocationSet revoked = new RevocationSet(); // what B's revocation feed has told it so far
        final byte[] publicA = WarrantKey.rawPublicKey(KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(Files.readAllBytes(dir.resolve("a.pub")))));
        final WarrantKeyRing own = new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
            "engine B's own secret, 32 bytes!".getBytes(StandardCharsets.US_ASCII)));
        try (JournaledEngine b = JournaledEngine.start(EngineConfig.of(policy, dir.resolve("journal-b"))
                .portableWarrants(2, own)
                .trustEngine(1, new WarrantKeyRing(0, WarrantKey.ed25519Verifying(3, publicA))).revocations(revoked));
             DecisionSession s = b.session()) {
            final Agent reader = b.agent(READER);
            final Agent helper = b.agent(HELPER);
            final Scope scope = policy.scope().capability("crm.lookup", "read").data("internal").build();
            final byte[] child = Files.readAllBytes(dir.resolve("child.warrant"));
            final Decision grandchild = s.delegate(GrantRef.ofWarrant(child), reader, helper, scope);
            System.out.println("B delegate " + grandchild.outcome() + " " + grandchild.reason()
                + " foreign parent " + grandchild.parentGrantId());
            final byte[] warrant = grandchild.warrant();
            System.out.println("B grandchild hops " + hops(warrant));
            final GrantRef presented = GrantRef.ofWarrant(warrant);
            final Decision allowed = s.authorize(presented, helper, policy.capability("crm.lookup", "read"),
                policy.dataClass("internal"), "dispute #4411", null);
            System.out.println("B authorize " + allowed.outcome() + " " + allowed.reason());
            revoked.revoke(1, Long.parseLong(Files.readString(dir.resolve("a.root")).strip()));
            final Decision denied = s.authorize(presented, helper, policy.capability("crm.lookup", "read"),
                policy.dataClass("internal"), "dispute #4411", null);
            System.out.println("B authorize after A's root revoked " + denied.outcome() + " " + denied.reason());
            final Decision forged = s.authorize(GrantRef.ofWarrant(flip(child)), reader,
                policy.capability("crm.lookup", "read"), policy.dataClass("internal"), null, null);
            System.out.println("B forged parent " + forged.outcome() + " " + forged.reason());
        }
    }

    private static byte[] flip(final byte[] warrant) {
        final byte[] bad = Arrays.copyOf(warrant, warrant.length);
        bad[bad.length - 1] ^= 1; // the signature
        return bad;
    }

    /** The warrant's chain as engine:grant pairs, root first. */
    static String hops(final byte[] warrant) {
        final PortableWarrantDecoder w = new PortableWarrantDecoder();
        if (w.wrap(warrant, 0, warrant.length, null) != CodecError.OK) {
            return "malformed";
        }
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < w.hopCount(); i++) {
            out.append(i == 0 ? "" : ",").append(w.hopEngineId(i)).append(':').append(w.hopGrantId(i));
        }
        return out.toString();
    }

    private static void replay(final Path dir) throws Exception {
        for (final String engine : new String[] {"a", "b"}) {
            final int[] foreign = new int[1];
            final JournalReplay r = new JournalReplay(null, 1024, 1 << 20, 60_000, null);
            r.foreignRecords().listener = body -> foreign[0]++;
            r.replay(dir.resolve("journal-" + engine));
            System.out.println("replayed " + engine.toUpperCase() + " without keys: " + r.decisions() + " decisions, "
                + r.mismatches() + " mismatches, " + foreign[0] + " foreign warrants, problem " + r.problem()
                + ", broken " + r.broken());
        }
        final int[] seen = new int[2]; // decisions, differing from the journal
        new JournalWhatIf(dev.baton.core.InMemoryEngine.compiled(policy()), 1024, 1 << 20, 60_000,
            (record, child, recorded, whatIf, next, followOn) -> {
                seen[0]++;
                final dev.baton.codec.DecisionDecoder c = record.child(child);
                if (!c.outcome().name().equals(whatIf.outcome().name()) || c.reasonCode() != whatIf.reason().code()) {
                    seen[1]++;
                }
            }).run(dir.resolve("journal-b"), Long.MAX_VALUE);
        System.out.println("what-if B under the same policy without keys: " + seen[0] + " decisions, " + seen[1]
            + " differ");
    }
}
