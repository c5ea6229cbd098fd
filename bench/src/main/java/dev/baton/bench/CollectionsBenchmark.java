package dev.baton.bench;

import dev.baton.core.GrantSlots;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Object2IntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The two primitive maps on the decision path, Agrona's against Eclipse Collections', in the way the
 * core uses them: the grant registry maps grant ids to slots (a sliding window of live ids: put the
 * newest, get a live one, remove the oldest), and the identity table maps identity strings to ids
 * (get of a known identity). Both sides are sized alike and reach a steady state without allocating.
 * Baton's own {@link GrantSlots} (ids placed by value) runs the same window as the registry's map.
 * With {@code longLived} > 0 that many ids (1 and up) are put first and never removed: a dense block of
 * long-lived grants whose places the window's ids come round to, the case that makes {@link GrantSlots}
 * scatter its places.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class CollectionsBenchmark {
    /** A registry-like window of live grant ids and a table of known identities. */
    @State(Scope.Thread)
    public static class Maps {
        /** Live entries in the window (about the live grants of the decision-core benchmark). */
        @Param({"30000", "1000000"})
        public int live;
        /** Ids put before the window and never removed. */
        @Param({"0", "20000"})
        public int longLived;
        final Long2LongHashMap agronaGrants = new Long2LongHashMap(-1);
        final GrantSlots batonGrants = new GrantSlots(16);
        final LongLongHashMap ecGrants = new LongLongHashMap();
        final Object2IntHashMap<String> agronaNames = new Object2IntHashMap<>(-1);
        final ObjectIntHashMap<String> ecNames = new ObjectIntHashMap<>();
        String[] names;
        long next;
        int probe;

        @Setup
        public void setUp() {
            for (next = 1; next <= longLived; next++) {
                agronaGrants.put(next, next & 0xFFFF);
                ecGrants.put(next, next & 0xFFFF);
                batonGrants.put(next, (int) (next & 0xFFFF));
            }
            for (; next <= longLived + live; next++) {
                agronaGrants.put(next, next & 0xFFFF);
                ecGrants.put(next, next & 0xFFFF);
                batonGrants.put(next, (int) (next & 0xFFFF));
            }
            names = new String[1024];
            for (int i = 0; i < names.length; i++) {
                names[i] = "spiffe://acme.example/worker/pool-" + (i % 7) + "/" + i;
                agronaNames.put(names[i], i);
                ecNames.put(names[i], i);
            }
        }
    }

    /** Agrona: issue a grant, look one up, reclaim the oldest. */
    @Benchmark
    public long agronaGrantWindow(final Maps m) {
        final long id = m.next++;
        m.agronaGrants.put(id, id & 0xFFFF);
        final long slot = m.agronaGrants.get(id - (m.live >> 1));
        m.agronaGrants.remove(id - m.live);
        return slot;
    }

    /** Eclipse Collections: the same window. */
    @Benchmark
    public long eclipseGrantWindow(final Maps m) {
        final long id = m.next++;
        m.ecGrants.put(id, id & 0xFFFF);
        final long slot = m.ecGrants.getIfAbsent(id - (m.live >> 1), -1);
        m.ecGrants.remove(id - m.live);
        return slot;
    }

    /** Baton's {@link GrantSlots}: the same window. */
    @Benchmark
    public int batonGrantWindow(final Maps m) {
        final long id = m.next++;
        m.batonGrants.put(id, (int) (id & 0xFFFF));
        final int slot = m.batonGrants.get(id - (m.live >> 1));
        m.batonGrants.remove(id - m.live);
        return slot;
    }

    /** Agrona: the id of a known identity. */
    @Benchmark
    public int agronaIdentity(final Maps m) {
        return m.agronaNames.getValue(m.names[m.probe++ & 1023]);
    }

    /** Eclipse Collections: the id of a known identity. */
    @Benchmark
    public int eclipseIdentity(final Maps m) {
        return m.ecNames.getIfAbsent(m.names[m.probe++ & 1023], -1);
    }
}
