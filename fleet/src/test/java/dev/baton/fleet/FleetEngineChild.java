package dev.baton.fleet;

import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournaledEngine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One engine process of a fleet, for {@link FleetJvmTest}: an engine with every fleet part (revocation
 * tap and feed, policy follower, journal shipper), driven by one command a line on stdin, one answer a
 * line on stdout. Arguments: bootstrap, fleet name, engine id, journal directory.
 */
public final class FleetEngineChild {
    private FleetEngineChild() {
    }

    public static void main(final String[] args) throws Exception {
        final FleetConfig config = FleetConfig.of(args[0], args[1], Integer.parseInt(args[2]));
        final Path journal = Path.of(args[3]);
        final JournaledEngine engine = JournaledEngine.start(new EngineConfig(
            PolicyRollout.current(config).orElse(FleetFixture.POLICY), journal)); // start on the fleet's policy
        final RevocationPublisher publisher = new RevocationPublisher(config);
        final RevocationTap tap = RevocationTap.start(config, journal, publisher, Clock.systemUTC());
        final RevocationFeed feed = RevocationFeed.start(config, Clock.systemUTC(), null);
        final PolicyFollower follower = PolicyFollower.start(config, engine);
        final JournalShipper shipper = JournalShipper.start(config, journal);
        final AtomicBoolean looping = new AtomicBoolean();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            final String[] c = line.split(" ");
            switch (c[0]) {
                case "open" -> answer(FleetFixture.open(engine));
                case "close" -> {
                    FleetFixture.close(engine, Long.parseLong(c[1]));
                    answer("closed");
                }
                case "revoked" -> answer(!feed.isStale() && feed.isRevoked(Integer.parseInt(c[1]), Long.parseLong(c[2])));
                case "fresh" -> answer(!feed.isStale());
                case "policy" -> answer(engine.compiledPolicy().versionId());
                case "loop" -> {
                    looping.set(true);
                    final Thread t = new Thread(() -> {
                        while (looping.get() && !engine.isClosed()) {
                            FleetFixture.open(engine);
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                    answer("looping");
                }
                case "exit" -> {
                    looping.set(false);
                    follower.close();
                    feed.close();
                    tap.close();
                    publisher.close();
                    engine.close();
                    final long last = lastSequence(journal);
                    while (shipper.shippedSequence() != last) {
                        Thread.sleep(10);
                    }
                    shipper.close();
                    answer("bye " + last);
                    return;
                }
                default -> answer("unknown command " + c[0]);
            }
        }
    }

    private static void answer(final Object o) {
        System.out.println(o);
        System.out.flush();
    }

    private static long lastSequence(final Path journal) {
        try (JournalReader reader = new JournalReader(journal)) {
            reader.read((sequence, type, body, offset, length) -> true);
            return reader.verified() - 1;
        }
    }
}
