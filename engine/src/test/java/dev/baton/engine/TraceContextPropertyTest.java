package dev.baton.engine;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TraceContext#parse}: a W3C {@code traceparent} header comes from the network, so any text is
 * either read exactly or refused with an {@link IllegalArgumentException} naming the problem, and a
 * refusal leaves the context as it was.
 */
class TraceContextPropertyTest {
    private static String header(final long high, final long low, final long span, final int flags) {
        return String.format("00-%016x%016x-%016x-%02x", high, low, span, flags);
    }

    @Property
    void shouldReadEveryValidHeaderExactly(@ForAll final long high, @ForAll final long low, @ForAll final long span,
                                           @ForAll @IntRange(min = 0, max = 255) final int flags) {
        final TraceContext t = new TraceContext();
        final String header = header(high, low, span, flags);
        if ((high | low) == 0 || span == 0) {
            assertRefusedAndUnchanged(t, header);
            return;
        }
        t.parse(header);
        assertTrue(t.isPresent());
        assertEquals(header, header(t.traceIdHigh(), t.traceIdLow(), t.spanId(), t.flags()));
        assertEquals((flags & TraceContext.SAMPLED) != 0, t.isSampled());
    }

    @Property
    void shouldReadOrRefuseAnyText(@ForAll("texts") final String text) {
        final TraceContext t = new TraceContext().set(7, 8, 9, 1);
        try {
            t.parse(text);
        } catch (final IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("traceparent") || refused.getMessage().contains("zeros"),
                refused.getMessage());
            assertEquals(8, t.traceIdLow(), "a refused header changes nothing");
            assertEquals(9, t.spanId());
            return;
        }
        assertEquals(text, header(t.traceIdHigh(), t.traceIdLow(), t.spanId(), t.flags()), "read exactly");
    }

    private static void assertRefusedAndUnchanged(final TraceContext t, final String header) {
        try {
            t.parse(header);
        } catch (final IllegalArgumentException refused) {
            assertFalse(t.isPresent());
            return;
        }
        throw new AssertionError("all-zero ids accepted: " + header);
    }

    /** Texts near the header's shape: mostly 55 characters of hex digits and dashes, some of anything. */
    @Provide
    Arbitrary<String> texts() {
        final Arbitrary<String> nearly = Arbitraries.strings().withChars("0123456789abcdefABCDEF-x ").ofLength(55);
        final Arbitrary<String> mutated = Arbitraries.integers().between(0, 54).flatMap(i ->
            Arbitraries.chars().all().map(c -> {
                final StringBuilder b = new StringBuilder(header(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L,
                    0x00f067aa0ba902b7L, 1));
                b.setCharAt(i, c);
                return b.toString();
            }));
        return Arbitraries.oneOf(nearly, mutated, Arbitraries.strings().ofMaxLength(80));
    }
}
