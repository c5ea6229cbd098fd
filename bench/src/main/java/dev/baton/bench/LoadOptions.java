package dev.baton.bench;

import dev.baton.engine.FsyncMode;
import dev.baton.engine.WaitMode;

/**
 * The options of {@link LoadGenerator}, with their defaults.
 * <p>
 * <b>Note:</b> not thread-safe; filled once by {@link #parse(String[])}.
 */
final class LoadOptions {
    /** Requests offered per second, by all producers together. */
    long rate = 1_000_000;
    /** Seconds measured. */
    int seconds = 10;
    /** Seconds before them, not recorded. */
    int warmup = 5;
    /** Producer threads. */
    int threads = 2;
    /** Requests in flight per producer. */
    int window = 1024;
    /** When the journal is forced. */
    FsyncMode fsync = FsyncMode.NONE;
    /** Policy file, resolved as in {@link PolicyFiles#resolve(String)}. */
    String policy = "src/policies/refund-dispute.yaml";
    /** File for the full latency distribution, or null. */
    String hgrm;
    /** How the engine's threads wait when idle (AUTO: PARK below 4 processors). */
    WaitMode wait = WaitMode.AUTO;
    /** How a producer learns that its requests completed. */
    LoadGenerator.Completion completion = LoadGenerator.Completion.LISTENER;

    /**
     * @param args {@code --option value} pairs.
     * @return the options, defaults where not given.
     * @throws IllegalArgumentException for an unknown option.
     */
    static LoadOptions parse(final String[] args) {
        final LoadOptions o = new LoadOptions();
        for (int i = 0; i < args.length; i += 2) {
            final String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--rate" -> o.rate = Long.parseLong(value);
                case "--seconds" -> o.seconds = Integer.parseInt(value);
                case "--warmup" -> o.warmup = Integer.parseInt(value);
                case "--threads" -> o.threads = Integer.parseInt(value);
                case "--window" -> o.window = Integer.parseInt(value);
                case "--fsync" -> o.fsync = FsyncMode.valueOf(value);
                case "--policy" -> o.policy = value;
                case "--hgrm" -> o.hgrm = value;
                case "--wait" -> o.wait = WaitMode.valueOf(value);
                case "--completion" -> o.completion = LoadGenerator.Completion.valueOf(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --rate"
                    + " --seconds --warmup --threads --window --fsync --policy --hgrm --wait --completion");
            }
        }
        return o;
    }
}
