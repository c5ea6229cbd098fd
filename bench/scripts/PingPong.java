import java.util.concurrent.atomic.AtomicLong;

/**
 * How long two threads take to hand a cache line back and forth: one writes a counter, the other waits
 * for it and answers, busy-spinning. Prints the round trip in nanoseconds (median of 7 rounds of 2M).
 * On a machine whose two vCPUs are distant (or siblings of one core), it shows what every hand-off of a
 * request between a producer and the engine thread costs at least.
 *
 * Usage: java bench/scripts/PingPong.java
 */
public final class PingPong {
    private static final AtomicLong PING = new AtomicLong();
    private static final AtomicLong PONG = new AtomicLong();

    public static void main(final String[] args) throws InterruptedException {
        final int n = 2_000_000;
        final Thread other = new Thread(() -> {
            for (long i = 1; i <= 8L * n; i++) {
                while (PING.get() != i) {
                    Thread.onSpinWait();
                }
                PONG.lazySet(i);
            }
        });
        other.setDaemon(true);
        other.start();
        final long[] rounds = new long[8];
        long i = 0;
        for (int r = 0; r < rounds.length; r++) {
            final long start = System.nanoTime();
            for (int k = 0; k < n; k++) {
                PING.lazySet(++i);
                while (PONG.get() != i) {
                    Thread.onSpinWait();
                }
            }
            rounds[r] = (System.nanoTime() - start) / n;
        }
        final long[] timed = java.util.Arrays.copyOfRange(rounds, 1, rounds.length); // the first warms up
        java.util.Arrays.sort(timed);
        System.out.println("round trip between two threads: median " + timed[timed.length / 2] + " ns (rounds "
            + java.util.Arrays.toString(rounds) + ")");
    }
}
