package dev.baton.adapter;

import dev.baton.codec.IdentityId;
import dev.baton.verifier.OfflineVerifier;
import dev.baton.verifier.Presentation;
import dev.baton.verifier.VerificationResult;
import dev.baton.verifier.VerifyReason;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Authorizes tool calls offline, for a tool server in another trust domain: each presented portable warrant
 * (format version 2) is checked by an {@link OfflineVerifier} with only the issuers' verifying keys, a clock
 * and a revocation source, never the engine. The call's capability and data class are the bits the
 * declared {@link ToolMapping} names, looked up in the policy layout the issuer's fingerprint covers
 * ({@code capabilities} and {@code dataClasses} by bit, as given to {@code LayoutFingerprint.of}). A
 * presented proof of possession is checked over the call's input digest.
 * <p>
 * Arguments are not checked: warrants do not carry the policy's argument constraints yet, so the
 * arguments a {@link ToolBinding} maps are ignored here, and a call is decided on capability, data class and
 * proof only (use {@link EngineToolAuthorizer} where constraints must hold).
 * <p>
 * A refusal's code is the name of the {@link VerifyReason}. Nothing is journaled here: the tool server keeps
 * its own log; the issuing engine journals the grants.
 * <p>
 * <b>Note:</b> thread-safe: each thread gets its own verifier from the supplier (a verifier is
 * single-threaded; they may share key rings, the revocation source and the replay guard). A call allocates
 * its verdict, and the holder's identity id the first time a holder is seen.
 */
public final class VerifierToolAuthorizer implements ToolCallAuthorizer {
    private static final int MAX_HOLDERS = 4096;

    private final Map<String, int[]> bits;
    private final ThreadLocal<Worker> workers;
    private final ConcurrentHashMap<String, IdentityId> holders = new ConcurrentHashMap<>();

    /**
     * @param verifiers    makes one verifier per thread.
     * @param mapping      the declared tool mapping.
     * @param capabilities the policy layout's capability names by bit ({@code tool:action}).
     * @param dataClasses  the policy layout's data-class names by bit.
     * @throws IllegalArgumentException if the mapping names a capability or data class the layout lacks.
     */
    public VerifierToolAuthorizer(final Supplier<OfflineVerifier> verifiers, final ToolMapping mapping,
                                  final List<String> capabilities, final List<String> dataClasses) {
        Objects.requireNonNull(verifiers, "verifiers");
        final Map<String, int[]> b = new HashMap<>();
        for (final String name : mapping.toolNames()) {
            final ToolBinding t = mapping.binding(name).orElseThrow();
            final int capability = index(capabilities, t.tool() + ":" + t.action(), "capability");
            final int data = t.dataClass().map(d -> index(dataClasses, d, "data class")).orElse(-1);
            b.put(name, new int[] {capability, data});
        }
        this.bits = Map.copyOf(b);
        this.workers = ThreadLocal.withInitial(() -> new Worker(verifiers.get()));
    }

    @Override
    public ToolVerdict authorize(final ToolCall call) {
        final int[] tool = bits.get(call.toolName());
        if (tool == null) {
            return ToolVerdict.refused(GuardCode.UNMAPPED_TOOL, "'" + call.toolName() + "'");
        }
        final PresentedWarrant presented = call.presented();
        if (presented == null) {
            return ToolVerdict.refused(GuardCode.NO_WARRANT, null);
        }
        if (!presented.hasWarrant()) {
            return ToolVerdict.refused(GuardCode.MALFORMED_PRESENTATION, "a grant id is no portable warrant");
        }
        final Worker w = workers.get();
        final Presentation p = w.presentation.reset().holder(holder(presented.holder())).capability(tool[0]);
        if (tool[1] >= 0) {
            p.dataClass(tool[1]);
        }
        if (presented.hasProof() && call.inputDigest() != null) {
            final byte[] proof = presented.proof();
            p.proof(proof, 0, proof.length, call.inputDigest());
        }
        final byte[] warrant = presented.warrant();
        final VerifyReason why = w.verifier.verify(warrant, 0, warrant.length, p, w.result);
        if (why == VerifyReason.OK) {
            return ToolVerdict.allowedUnder(w.result.warrant().grantId());
        }
        return ToolVerdict.refusedByVerifier(why.name(), "the offline verifier refused the warrant ("
            + why.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
    }

    private IdentityId holder(final String identity) {
        final IdentityId cached = holders.get(identity);
        if (cached != null) {
            return cached;
        }
        if (holders.size() >= MAX_HOLDERS) {
            holders.clear();
        }
        final IdentityId id = IdentityId.of(identity);
        holders.put(identity, id);
        return id;
    }

    private static int index(final List<String> names, final String name, final String kind) {
        final int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("the layout has no " + kind + " '" + name + "': " + names);
        }
        return i;
    }

    /** One thread's verifier and its reusable presentation and result. */
    private static final class Worker {
        final OfflineVerifier verifier;
        final Presentation presentation = new Presentation();
        final VerificationResult result = new VerificationResult();

        Worker(final OfflineVerifier verifier) {
            this.verifier = verifier;
        }
    }
}
