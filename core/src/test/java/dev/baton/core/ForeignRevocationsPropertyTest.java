package dev.baton.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The set of known-revoked foreign grants answers as a plain map of (engine, grant) to expiry would, through
 * growth, expired entries dropped to make room (deletion by backward shift) and a snapshot round trip.
 */
class ForeignRevocationsPropertyTest {
    /** One step: add (engine, grant) until expiry, at a time. */
    record Step(int engine, long grant, long expiry, long now) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        final Arbitrary<Step> step = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(1, 4),
            Arbitraries.longs().between(1, 300), Arbitraries.longs().between(0, 400), Arbitraries.longs().between(0, 400))
            .as(Step::new);
        return step.list().ofMaxSize(600);
    }

    @Property(tries = 200)
    void shouldAnswerAsAMapOfExpiriesWhateverIsDroppedToMakeRoom(@ForAll("steps") final List<Step> steps) {
        final ForeignRevocations set = new ForeignRevocations();
        final Map<List<Long>, Long> model = new HashMap<>();
        long now = 0;
        for (final Step s : steps) {
            now = Math.max(now, s.now());
            final List<Long> key = List.of((long) s.engine(), s.grant());
            final Long before = model.get(key);
            final boolean changes = before == null || s.expiry() > before;
            // an expired entry may have been dropped: it then comes back as a change, which is what it is
            final boolean dropped = before != null && before <= now && !set.isRevoked(s.engine(), s.grant(), Long.MIN_VALUE);
            final boolean changed = set.add(s.engine(), s.grant(), s.expiry(), now);
            if (!dropped) {
                assertEquals(changes, changed, "add " + s);
            }
            model.merge(key, s.expiry(), Math::max);
            if (dropped) {
                model.put(key, s.expiry());
            }
            final Long expiry = model.get(key);
            assertEquals(now < expiry, set.isRevoked(s.engine(), s.grant(), now), "after " + s);
        }
        check(set, model, now);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        final int end = set.exportState(out, 0, now);
        final ForeignRevocations restored = new ForeignRevocations();
        restored.importState(new UnsafeBuffer(out.byteArray()), 0, end);
        check(restored, model, now);
        final ExpandableArrayBuffer again = new ExpandableArrayBuffer();
        assertEquals(end, restored.exportState(again, 0, now));
        assertEquals(new UnsafeBuffer(out.byteArray(), 0, end), new UnsafeBuffer(again.byteArray(), 0, end), "same bytes");
    }

    private static void check(final ForeignRevocations set, final Map<List<Long>, Long> model, final long now) {
        for (int engine = 1; engine <= 4; engine++) {
            for (long grant = 1; grant <= 300; grant++) {
                final Long expiry = model.get(List.of((long) engine, grant));
                assertEquals(expiry != null && now < expiry, set.isRevoked(engine, grant, now),
                    "engine " + engine + " grant " + grant + " at " + now);
            }
        }
    }

    @Property(tries = 1)
    void shouldRefuseAGrantIdThatIsNotStrictlyPositive() {
        assertThrows(IllegalArgumentException.class, () -> new ForeignRevocations().add(1, 0, 10, 0));
    }
}
