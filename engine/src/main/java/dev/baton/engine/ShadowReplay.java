package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.ShadowBodyDecoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.CoreSettings;
import dev.baton.core.DecisionCore;
import dev.baton.core.ManualClock;
import org.agrona.DirectBuffer;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;

/**
 * Journal replay's side of shadow mode: re-attaches each candidate policy where the journal's SHADOW
 * records attached it, decides every replayed request on it as the engine did ({@link ShadowDecider}), and
 * checks that the SHADOW_DECISION records after each DECISION record are exactly the disagreements found
 * again, byte for byte, in order.
 * <p>
 * <b>Note:</b> not thread-safe (one replay); allocates (it copies each disagreement found).
 */
final class ShadowReplay implements ShadowDecider.Sink {
    private final ShadowBodyDecoder shadowBody = new ShadowBodyDecoder();
    private final ErrorDetail detail = new ErrorDetail();
    private final ArrayDeque<byte[]> expected = new ArrayDeque<>();
    private ShadowDecider shadow;
    private long reproduced;
    private long mismatches;
    private String firstMismatch;

    /** Counts a shadow-mode record replay does not reproduce ({@code why}; null: none), apart from live decisions. */
    void mismatch(final String why) {
        if (why != null) {
            mismatches++;
            if (firstMismatch == null) {
                firstMismatch = "shadow mode: " + why;
            }
        }
    }

    /** @return shadow-mode records replay did not reproduce. */
    long mismatches() {
        return mismatches;
    }

    /** @return the first of {@link #mismatches()}, described, or null. */
    String firstMismatch() {
        return firstMismatch;
    }

    /**
     * A SHADOW record: attach the candidate (whose text the journal holds) or detach.
     *
     * @return null, or why the record cannot be replayed.
     */
    String onShadow(final DirectBuffer body, final int offset, final int length, final Map<Long, CompiledPolicy> policies,
                    final DecisionCore core, final ManualClock clock, final CoreSettings settings) {
        if (shadowBody.wrap(body, offset, length, detail) != CodecError.OK) {
            return "malformed SHADOW body: " + detail.message();
        }
        if (!shadowBody.attached()) {
            shadow = null;
            return null;
        }
        final CompiledPolicy candidate = policies.get(shadowBody.candidateVersion());
        if (candidate == null) {
            return "SHADOW attaches policy version " + Long.toHexString(shadowBody.candidateVersion())
                + " whose text is not journaled";
        }
        if (core == null) {
            return "SHADOW before any policy";
        }
        shadow = new ShadowDecider(core, candidate, clock, settings, this);
        return null;
    }

    /** A DECISION record was replayed into {@code r}: decide it on the candidate, if one is attached. */
    void onDecision(final Request r, final int refusedBefore, final long firstDecisionId) {
        if (shadow != null) {
            try {
                shadow.decide(r, refusedBefore, firstDecisionId);
            } catch (final RuntimeException e) {
                shadow = null; // as the engine did: it journaled a detach right after this request
            }
        }
    }

    /** The live policy was swapped. */
    void liveSwapped() {
        if (shadow != null) {
            shadow.liveSwapped();
        }
    }

    @Override
    public void disagreement(final DirectBuffer body, final int length) {
        final byte[] copy = new byte[length];
        body.getBytes(0, copy);
        expected.add(copy);
    }

    /**
     * A SHADOW_DECISION record: it must be the next disagreement replay found.
     *
     * @return null, or the mismatch described.
     */
    String onShadowDecision(final long sequence, final DirectBuffer body, final int offset, final int length) {
        final byte[] next = expected.poll();
        final byte[] journaled = new byte[length];
        body.getBytes(offset, journaled);
        if (next == null) {
            return "record " + sequence + ": a SHADOW_DECISION the replayed candidate does not disagree on";
        }
        if (!Arrays.equals(next, journaled)) {
            return "record " + sequence + ": the SHADOW_DECISION differs from the disagreement replay found";
        }
        reproduced++;
        return null;
    }

    /**
     * Any other record, or the end of the journal: every disagreement found must have been journaled.
     *
     * @return null, or the mismatch described (and the expectations are dropped).
     */
    String unmatched(final long sequence) {
        if (expected.isEmpty()) {
            return null;
        }
        final int missing = expected.size();
        expected.clear();
        return "before record " + sequence + ": " + missing + " disagreement(s) of the replayed candidate not journaled";
    }

    /** @return the shadow attached at this point of the journal, or null. */
    ShadowDecider shadow() {
        return shadow;
    }

    /** @return SHADOW_DECISION records reproduced by replay. */
    long reproduced() {
        return reproduced;
    }
}
