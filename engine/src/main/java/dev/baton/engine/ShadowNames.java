package dev.baton.engine;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.ScopeBits;

import java.util.Arrays;

/**
 * Translates the indices of a request built for the live policy into the candidate policy's, by name:
 * capabilities (tool and action), data classes, purposes and break-glass rules. A name the candidate
 * lacks maps to -1, which the candidate's core refuses as out of range (fail closed), exactly as it
 * refuses any unknown index; a requested scope naming a capability or data class the candidate lacks
 * is reported ({@link #scope} returns false) so the caller refuses that child.
 * <p>
 * <b>Note:</b> not thread-safe (the engine thread, or one replay). Built on attach and on every live
 * policy swap (allocates); {@link #scope} and the look-ups allocate nothing.
 */
final class ShadowNames {
    private final CompiledPolicy candidate;
    private final int[] capabilities;
    private final int[] dataClasses;
    private final int[] purposes;
    private final int[] breakGlass;
    private final boolean sameLayout;
    private final long[] words;

    /** The maps from {@code live}'s indices to {@code candidate}'s. */
    ShadowNames(final CompiledPolicy live, final CompiledPolicy candidate) {
        this.candidate = candidate;
        capabilities = new int[live.capabilityCount()];
        for (int c = 0; c < capabilities.length; c++) {
            capabilities[c] = candidate.hasCapability(live.toolOf(c), live.actionOf(c))
                ? candidate.capability(live.toolOf(c), live.actionOf(c)) : -1;
        }
        dataClasses = new int[live.dataClassCount()];
        for (int d = 0; d < dataClasses.length; d++) {
            dataClasses[d] = candidate.hasDataClass(live.dataClassName(d)) ? candidate.dataClass(live.dataClassName(d)) : -1;
        }
        purposes = new int[live.purposeCount()];
        for (int p = 0; p < purposes.length; p++) {
            purposes[p] = candidate.hasPurpose(live.purposeName(p)) ? candidate.purpose(live.purposeName(p)) : -1;
        }
        breakGlass = new int[live.source().breakGlass().size()];
        for (int b = 0; b < breakGlass.length; b++) {
            breakGlass[b] = candidate.hasBreakGlassRule(live.breakGlassName(b))
                ? candidate.breakGlassRule(live.breakGlassName(b)) : -1;
        }
        sameLayout = live.layoutId() == candidate.layoutId();
        words = new long[new ScopeBits(candidate).words()];
    }

    /** @return the candidate's capability index, or -1 (also for an index out of the live range). */
    int capability(final int live) {
        return live >= 0 && live < capabilities.length ? capabilities[live] : -1;
    }

    /** @return the candidate's data-class index, {@code NO_DATA_CLASS} unchanged, or -1. */
    int dataClass(final int live) {
        if (live == dev.baton.core.DecisionCore.NO_DATA_CLASS) {
            return live;
        }
        return live >= 0 && live < dataClasses.length ? dataClasses[live] : -1;
    }

    /** @return the candidate's purpose index, or -1. */
    int purpose(final int live) {
        return live >= 0 && live < purposes.length ? purposes[live] : -1;
    }

    /** @return the candidate's break-glass rule index, or -1. */
    int breakGlass(final int live) {
        return live >= 0 && live < breakGlass.length ? breakGlass[live] : -1;
    }

    /** @return whether the candidate numbers capabilities and data classes as the live policy does. */
    boolean sameLayout() {
        return sameLayout;
    }

    /**
     * Loads {@code dst} (a scope of the candidate) with {@code src} (of the live policy), by name.
     *
     * @return false if {@code src} names a capability or data class the candidate lacks.
     */
    boolean scope(final ScopeBits src, final ScopeBits dst) {
        Arrays.fill(words, 0L);
        boolean whole = true;
        for (int w = 0; w < src.words(); w++) {
            long bits = src.capabilityWord(w);
            while (bits != 0) {
                final int to = capability(w * 64 + Long.numberOfTrailingZeros(bits));
                bits &= bits - 1;
                if (to < 0) {
                    whole = false;
                } else {
                    words[to >>> 6] |= 1L << to;
                }
            }
        }
        long data = 0;
        long liveData = src.dataBits();
        while (liveData != 0) {
            final int to = dataClass(Long.numberOfTrailingZeros(liveData));
            liveData &= liveData - 1;
            if (to < 0) {
                whole = false;
            } else {
                data |= 1L << to;
            }
        }
        dst.load(words, words.length, data);
        return RequestedConstraintList.copy(src, dst) && whole;
    }

    /** @return the candidate. */
    CompiledPolicy candidate() {
        return candidate;
    }
}
