package dev.baton.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one cache line takes to go from one core to another and back on this machine: two threads take turns
 * on one counter (one moves it from even to odd, the other from odd to even), so each operation is a round
 * trip of the line. It is the host's share of every cross-thread cost the engine pays (a request written by a
 * producer and read by the engine thread, a completion written back), and it differs between the hosts this
 * project is measured on: run it in the same JMH run as {@code PipelineBenchmark} to say which kind of host a
 * figure comes from (docs/performance.md). With both threads on one vCPU it measures the scheduler's time
 * slice instead (both spin).
 * <p>
 * <b>Note:</b> a benchmark; allocates nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC})
@State(Scope.Group)
public class CoreToCoreBenchmark {
    /** Even: the ping thread's turn; odd: the pong thread's. Its line travels between the two threads at every turn. */
    private final AtomicLong turn = new AtomicLong();

    /** Waits for an even count and makes it odd: one round trip of the line per call. */
    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public void ping(final Control control) {
        take(0, control);
    }

    /** Waits for an odd count and makes it even. */
    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public void pong(final Control control) {
        take(1, control);
    }

    /** Spins until the count's parity is {@code parity}, then moves it on; gives up when JMH stops measuring. */
    private void take(final long parity, final Control control) {
        long t;
        while (((t = turn.get()) & 1) != parity) {
            if (control.stopMeasurement) { // the other thread has stopped taking turns
                return;
            }
            Thread.onSpinWait();
        }
        turn.setRelease(t + 1); // a release store, as the engine publishes: no fence to wait for
    }
}
