package dev.baton.bench.peers;

import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsVerifier;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Macaroons (jmacaroons, HMAC-SHA256 caveat chains). The task's root macaroon carries the root scope as
 * caveats; per hop the presented macaroon is deserialized and verified against the request, the hop is
 * checked, and caveats pinning the capability and data class are added and the macaroon serialized; the
 * call deserializes and verifies the last one.
 * <p>
 * Macaroons have no policy language: a verifier can only say whether each caveat present holds, and cannot
 * require one. So attenuation and integrity are the macaroon's, and the delegation rules (edges, depth,
 * ceilings, trust domains, non-transitive, review) are {@link #hopAllowed} and {@link #callAllowed}: plain Java
 * over {@link PeerScenario}'s tables.
 * <p>
 * <b>Note:</b> not thread-safe.
 */
public final class MacaroonsPeer implements PeerAdapter {
    private static final String LOCATION = "https://baton.example/bench";
    private final byte[] secret = "macaroons-root-key-for-the-bench".getBytes(StandardCharsets.US_ASCII);
    private final String task;

    /** Mints the task's root macaroon. */
    public MacaroonsPeer() {
        this.task = Macaroon.builder(LOCATION, secret, "task:t1")
            .addCaveat("caps in " + String.join(",", PeerScenario.TASK_CAPABILITIES))
            .addCaveat("data in " + String.join(",", PeerScenario.TASK_DATA))
            .build().serialize();
    }

    @Override
    public String name() {
        return "Macaroons";
    }

    @Override
    public boolean allowed(final DelegationCase c) throws Exception {
        return prepare(c).run();
    }

    @Override
    public Prepared prepare(final DelegationCase c) {
        final String capability = "cap = " + c.capability();
        final String data = "data = " + c.data();
        return () -> {
            String token = task;
            for (int i = 1; i < c.chain().size(); i++) {
                final Macaroon parent = Macaroon.deserialize(token);
                if (!verify(parent, c) || !hopAllowed(c.chain().get(i - 1), c.chain().get(i), i, c)) {
                    return false;
                }
                token = Macaroon.builder(parent).addCaveat(capability).addCaveat(data).build().serialize();
            }
            return verify(Macaroon.deserialize(token), c) && callAllowed(c.caller(), c);
        };
    }

    /** Signature chain and every caveat present, against the request's capability and data class. */
    private boolean verify(final Macaroon m, final DelegationCase c) {
        return new MacaroonsVerifier(m)
            .satisfyExact("cap = " + c.capability())
            .satisfyExact("data = " + c.data())
            .satisfyGeneral(caveat -> caveat.startsWith("caps in ")
                && List.of(caveat.substring(8).split(",")).contains(c.capability()))
            .satisfyGeneral(caveat -> caveat.startsWith("data in ")
                && List.of(caveat.substring(8).split(",")).contains(c.data()))
            .isValid(secret);
    }

    /** The delegation rules the macaroon cannot express (the task scope is the root caveats'). */
    static boolean hopAllowed(final String holder, final String target, final int depth, final DelegationCase c) {
        final PeerScenario.Agent h = PeerScenario.AGENTS.get(holder);
        final PeerScenario.Agent t = PeerScenario.AGENTS.get(target);
        final String cap = c.capability();
        final String data = c.data();
        final boolean external = !t.domain().equals(PeerScenario.HOME);
        return h.delegatesTo().contains(target) && depth <= h.maxDepth()
            && !(depth > 1 && PeerScenario.NON_TRANSITIVE.contains(cap))
            && h.capabilities().contains(cap) && h.data().contains(data)
            && t.capabilities().contains(cap) && t.data().contains(data)
            && PeerScenario.PURPOSE_CAPABILITIES.contains(cap) && PeerScenario.PURPOSE_DATA.contains(data)
            && (!external || withinExternal(cap, data))
            && !PeerScenario.REVIEW_ALWAYS.contains(cap) && !PeerScenario.REVIEW_DELEGATED.contains(cap)
            && !(external && PeerScenario.REVIEW_EXTERNAL_DATA.contains(data));
    }

    static boolean callAllowed(final String caller, final DelegationCase c) {
        final PeerScenario.Agent a = PeerScenario.AGENTS.get(caller);
        return a.capabilities().contains(c.capability()) && a.data().contains(c.data())
            && PeerScenario.PURPOSE_CAPABILITIES.contains(c.capability())
            && PeerScenario.PURPOSE_DATA.contains(c.data())
            && (a.domain().equals(PeerScenario.HOME) || withinExternal(c.capability(), c.data()));
    }

    private static boolean withinExternal(final String cap, final String data) {
        return !PeerScenario.NEVER_LEAVE.contains(data) && PeerScenario.EXTERNAL_CAPABILITIES.contains(cap)
            && PeerScenario.EXTERNAL_DATA.contains(data);
    }
}
