package dev.baton.engine;

import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionCore;
import dev.baton.core.PolicyCompiler;
import dev.baton.core.ScopeBits;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * What a library user's first program does, run by {@link JvmOptionsTest} in a JVM started with only the
 * options the test chooses. Arguments: mode ({@code engine}, {@code core} or {@code warrants}), the policy
 * file, and for {@code engine} a journal directory. Prints one line per decision; an exception exits 1.
 */
public final class EmbeddingChild {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private EmbeddingChild() {
    }

    public static void main(final String[] args) throws Exception {
        final CompiledPolicy policy = PolicyCompiler.load(Path.of(args[1]));
        switch (args[0]) {
            case "engine":
                engine(policy, Path.of(args[2]));
                break;
            case "core":
                core(policy, new DecisionCore(policy, Clock.systemUTC()));
                core(policy, new DecisionCore(policy, Clock.systemUTC(),
                    new dev.baton.core.CoreSettings(new KeyRing(60_000, 1, SECRET), 4096, 1 << 24, 60_000)));
                break;
            case "warrants":
                warrants(policy);
                break;
            default:
                throw new IllegalArgumentException("mode " + args[0]);
        }
    }

    /** The README's engine quickstart. */
    private static void engine(final CompiledPolicy policy, final Path journal) throws Exception {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(policy, journal))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final Request request = new Request();
            request.reset(Request.Op.OPEN, 1).principal(alice).purpose(policy.purpose("refund-dispute"))
                .child(planner, new ScopeBits(policy).capability("crm.lookup", "read").data("customer_pii"));
            System.out.println(engine.decide(request, 10, TimeUnit.SECONDS) + " " + request.describe(policy));
        }
        System.out.println("chronicle.analytics.disable=" + System.getProperty("chronicle.analytics.disable")
            + " chronicle.announcer.disable=" + System.getProperty("chronicle.announcer.disable"));
    }

    /** The README's library quickstart: open, delegate, authorize by grant id. */
    private static void core(final CompiledPolicy policy, final DecisionCore core) {
        final int alice = core.identity("user:alice@acme.example");
        final int planner = core.identity("spiffe://acme.example/agent/planner");
        final int crmReader = core.identity("spiffe://acme.example/agent/crm-reader");
        final DecisionSlot d = new DecisionSlot();
        final ScopeBits scope = new ScopeBits(policy).capability("crm.lookup", "read").data("customer_pii");
        core.open(alice, policy.purpose("refund-dispute"), planner, scope, d);
        core.delegate(d.grantId(), planner, crmReader, scope, d);
        core.authorize(d.grantId(), crmReader, policy.capability("crm.lookup", "read"),
            policy.dataClass("customer_pii"), "dispute #4411", d);
        System.out.println(d.describe(policy));
    }

    /** Signed warrants written into, and verified from, byte[]-backed Agrona buffers. */
    private static void warrants(final CompiledPolicy policy) {
        final DecisionCore core = new DecisionCore(policy, Clock.systemUTC(),
            new dev.baton.core.CoreSettings(new KeyRing(60_000, 1, SECRET), 4096, 1 << 24, 60_000));
        final int alice = core.identity("user:alice@acme.example");
        final int planner = core.identity("spiffe://acme.example/agent/planner");
        final int crmReader = core.identity("spiffe://acme.example/agent/crm-reader");
        final DecisionSlot d = new DecisionSlot();
        final ScopeBits scope = new ScopeBits(policy).capability("crm.lookup", "read").data("customer_pii");
        final UnsafeBuffer root = new UnsafeBuffer(new byte[core.maxWarrantLength()]);
        final UnsafeBuffer child = new UnsafeBuffer(new byte[core.maxWarrantLength()]);
        core.open(alice, policy.purpose("refund-dispute"), planner, scope, d);
        final int rootLength = core.warrants().write(d.grantId(), root, 0);
        core.delegate(core.warrants().verify(root, 0, rootLength, planner, d), planner, crmReader, scope, d);
        final int childLength = core.warrants().write(d.grantId(), child, 0);
        core.authorize(core.warrants().verify(child, 0, childLength, crmReader, d), crmReader,
            policy.capability("crm.lookup", "read"),
            policy.dataClass("customer_pii"), "dispute #4411", d);
        System.out.println(d.describe(policy));
    }
}
