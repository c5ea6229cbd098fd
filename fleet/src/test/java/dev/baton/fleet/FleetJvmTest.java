package dev.baton.fleet;

import dev.baton.core.CompiledPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.fleet.FleetFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three engine JVMs share one broker: a task closed at one is revoked at the others, a policy published
 * once reaches all three, and an engine killed with SIGKILL mid-run and restarted ships its journal with
 * no gap and no duplicate.
 */
@Tag("slow")
class FleetJvmTest {
    @TempDir
    static Path shared;
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(shared.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldShareRevocationsPoliciesAndShippedJournalsAcrossThreeEngineProcesses(@TempDir final Path dir)
        throws Exception {
        final FleetConfig config = FleetConfig.of(broker.bootstrap(), "jvms", 1);
        FleetTopics.create(config);
        final List<Child> children = new ArrayList<>();
        try {
            for (int id = 1; id <= 3; id++) {
                children.add(new Child(config, id, dir));
            }
            final Child a = children.get(0);
            final Child b = children.get(1);
            final Child c = children.get(2);
            final long root = Long.parseLong(a.ask("open"));
            for (final Child other : List.of(b, c)) {
                await("engine " + other.id + " is fresh", 30, () -> other.ask("fresh").equals("true"));
                assertEquals("false", other.ask("revoked 1 " + root));
            }
            a.ask("close " + root);
            for (final Child other : List.of(b, c)) {
                await("the close at engine 1 reaches engine " + other.id, 30, () -> other.ask("revoked 1 " + root).equals("true"));
            }

            final CompiledPolicy next = FleetFixture.load("minimal-2");
            PolicyRollout.publish(config, next);
            for (final Child child : children) {
                await("engine " + child.id + " swaps", 30, () -> child.ask("policy").equals(Long.toString(next.versionId())));
            }

            c.ask("loop");
            Thread.sleep(1_500);
            c.kill();
            final Child restarted = new Child(config, 3, dir);
            children.set(2, restarted);
            assertEquals(Long.toString(next.versionId()), restarted.ask("policy"),
                "the restarted engine starts on the fleet's policy (PolicyRollout.current)");
            for (final Child child : children) {
                final long last = Long.parseLong(child.ask("exit").substring("bye ".length()));
                final List<byte[]> shipped = ShippedJournal.read(config, child.id);
                assertEquals(last + 1, shipped.size(), "engine " + child.id + ": every record shipped once");
                assertEquals(null, ShippedJournal.verify(shipped), "engine " + child.id + "'s shipped chain");
            }
        } finally {
            children.forEach(Child::kill);
        }
    }

    /** One engine process and its command pipe. */
    private static final class Child {
        final int id;
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;

        Child(final FleetConfig config, final int id, final Path dir) throws IOException {
            this.id = id;
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmFlags());
            command.add("-Xmx128m");
            command.add("-XX:+UseSerialGC");
            command.add("-cp");
            command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
            command.add(FleetEngineChild.class.getName());
            command.addAll(List.of(config.bootstrap(), config.fleet(), Integer.toString(id), dir.resolve("e" + id).toString()));
            this.process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("e" + id + ".stderr").toFile())).start();
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            assertEquals("ready", out.readLine(), "engine " + id + " started (see e" + id + ".stderr)");
        }

        String ask(final String command) {
            in.println(command);
            try {
                final String answer = out.readLine();
                assertTrue(answer != null, "engine " + id + " answered " + command);
                return answer;
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void kill() {
            process.destroyForcibly(); // SIGKILL
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The module-access flags and properties this JVM runs with (Surefire's argLine), for the children. */
    private static List<String> jvmFlags() {
        final List<String> flags = new ArrayList<>();
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-exports=") || a.startsWith("--add-opens=") || a.startsWith("--enable-native-access")
                || a.startsWith("--sun-misc-unsafe-memory-access") || a.equals("-ea") || a.startsWith("-Dchronicle.")
                || a.startsWith("-Dbaton.")) {
                flags.add(a);
            }
        }
        return flags;
    }
}
