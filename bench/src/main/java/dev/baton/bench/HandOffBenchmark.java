package dev.baton.bench;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What handing a request's data from a producer thread to a consumer thread costs on this machine, by how
 * much data there is and how it is laid out: no engine, no journal, only the cache lines. The producer (the
 * benchmark thread) writes {@link #lines} lines of data for each slot of a Disruptor ring and publishes it; a
 * consumer thread reads every word of them. {@code BLOCK}: each slot's lines lie together in one array, the
 * slots one after the other (a ring of blocks). {@code GRAPH}: each line is an object of its own, reached
 * through the slot's array of references and allocated far from the slot's other lines, as the engine's
 * {@code Request} is an object graph (the request, its scopes and their arrays, its decision slots, its
 * warrant buffers); the lines of all slots are allocated in a shuffled order. With {@link #work}, the consumer
 * also computes between slots, as the engine decides between requests. The rate is the producer's, bounded by
 * the consumer once the ring is full. Neither layout aligns its lines to the cache's: a line of data may
 * straddle two, as a {@code Request}'s fields do. On one vCPU it measures the scheduler's time slice instead
 * (both threads spin), not the lines (docs/performance.md, "Where the second core goes").
 * <p>
 * <b>Note:</b> a benchmark; the consumer allocates nothing, the producer nothing after setup.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC})
@State(Scope.Benchmark)
public class HandOffBenchmark {
    /** Slots of the ring. */
    static final int SLOTS = 4096;
    /** Longs of data per line: six, so that a {@link Line} object with its header fits one 64-byte line. */
    static final int WORDS = 6;
    /** Longs from one line's start to the next in the {@code BLOCK} layout. */
    static final int STRIDE = 8;

    /** Cache lines of data per slot. */
    @Param({"2", "6", "12"})
    public int lines;

    /** {@code BLOCK} or {@code GRAPH} (see the class comment). */
    @Param({"BLOCK", "GRAPH"})
    public String layout;

    /**
     * Steps of a dependent multiply chain the consumer computes per slot after reading it, standing for the
     * engine's own work on a request (0: none; 256: a few hundred nanoseconds), so that its next slot's
     * lines must come while it computes rather than in a stream of loads.
     */
    @Param({"0", "256"})
    public int work;

    /** One line of a {@code GRAPH} slot: header and six longs, 64 bytes with compressed class pointers. */
    static final class Line {
        long a;
        long b;
        long c;
        long d;
        long e;
        long f;
    }

    /** One ring slot: its index in the block array, or its lines. */
    static final class Slot {
        int index;
        Line[] graph;
    }

    /** Reads every word of each slot's lines; keeps their sum so that no read can be left out. */
    static final class Reader implements EventHandler<Slot> {
        private final boolean block;
        private final long[] words;
        private final int lines;
        private final int work;
        long sum;

        Reader(final boolean block, final long[] words, final int lines, final int work) {
            this.block = block;
            this.words = words;
            this.lines = lines;
            this.work = work;
        }

        @Override
        public void onEvent(final Slot slot, final long sequence, final boolean endOfBatch) {
            long s = 0;
            if (block) {
                final int base = slot.index * lines * STRIDE;
                for (int j = 0; j < lines; j++) {
                    final int at = base + j * STRIDE;
                    for (int k = 0; k < WORDS; k++) {
                        s += words[at + k];
                    }
                }
            } else {
                final Line[] graph = slot.graph;
                for (int j = 0; j < lines; j++) {
                    final Line l = graph[j];
                    s += l.a + l.b + l.c + l.d + l.e + l.f;
                }
            }
            for (int i = 0; i < work; i++) {
                s = s * 6364136223846793005L + 1442695040888963407L;
            }
            sum += s;
        }
    }

    private Disruptor<Slot> disruptor;
    private RingBuffer<Slot> ring;
    private Reader reader;
    private boolean block;
    private long[] words;

    @Setup(Level.Trial)
    public void setUp() {
        block = "BLOCK".equals(layout);
        if (!block && !"GRAPH".equals(layout)) {
            throw new IllegalArgumentException("layout is BLOCK or GRAPH, not " + layout);
        }
        words = new long[SLOTS * lines * STRIDE];
        final Slot[] slots = new Slot[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot();
            slots[i].index = i;
            slots[i].graph = new Line[lines];
        }
        // Every line of every slot in a shuffled order: a slot's lines lie far apart, and no stride leads from
        // one slot's line to the next slot's.
        final int[] order = new int[SLOTS * lines];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = order.length - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (final int k : order) {
            slots[k / lines].graph[k % lines] = new Line();
        }
        final int[] next = {0};
        disruptor = new Disruptor<>(() -> slots[next[0]++], SLOTS, r -> {
            final Thread t = new Thread(r, "hand-off-consumer");
            t.setDaemon(true);
            return t;
        }, ProducerType.SINGLE, new BusySpinWaitStrategy());
        reader = new Reader(block, words, lines, work);
        disruptor.handleEventsWith(reader);
        ring = disruptor.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        disruptor.shutdown();
        System.out.printf("%n[consumer's sum %d]%n", reader.sum);
    }

    /**
     * Claims the next slot (spinning while the ring is full, rather than Disruptor's 1 ns park, which sleeps
     * for the timer's slack), writes its lines and publishes it.
     *
     * @return the sequence published.
     */
    @Benchmark
    public long handOff() {
        long sequence;
        while (true) {
            try {
                sequence = ring.tryNext();
                break;
            } catch (final InsufficientCapacityException full) {
                Thread.onSpinWait();
            }
        }
        final Slot slot = ring.get(sequence);
        if (block) {
            final long[] w = words;
            final int base = slot.index * lines * STRIDE;
            for (int j = 0; j < lines; j++) {
                final int at = base + j * STRIDE;
                for (int k = 0; k < WORDS; k++) {
                    w[at + k] = sequence + k;
                }
            }
        } else {
            final Line[] graph = slot.graph;
            for (int j = 0; j < lines; j++) {
                final Line l = graph[j];
                l.a = sequence;
                l.b = sequence + 1;
                l.c = sequence + 2;
                l.d = sequence + 3;
                l.e = sequence + 4;
                l.f = sequence + 5;
            }
        }
        ring.publish(sequence);
        return sequence;
    }
}
