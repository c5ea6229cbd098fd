package dev.baton.cli.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One engine process the fleet demo started ({@link FleetEngineProcess}, in a JVM of the same Java and
 * class path, with this JVM's options): commands go to its standard input, one a line; its answers are
 * read from its standard output on a thread of their own; its standard error goes to a file.
 * <p>
 * <b>Note:</b> used by one thread (the demo's), apart from the reader thread it owns. Allocates.
 */
final class EngineProcess implements AutoCloseable {
    private final int id;
    private final Process process;
    private final PrintWriter in;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(64);

    private EngineProcess(final int id, final Process process) {
        this.id = id;
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        final Thread reader = new Thread(this::readLines, "baton-fleet-engine-" + id);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param files     the engine's files (its standard error goes to {@link EngineFiles#err()}).
     * @param bootstrap the brokers.
     * @param fleet     the fleet name.
     * @param workload  the workload file.
     * @return the started process.
     */
    static EngineProcess start(final EngineFiles files, final String bootstrap, final String fleet, final Path workload) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-Xmx") && !option.startsWith("-agentlib") && !option.startsWith("-javaagent")) {
                command.add(option);
            }
        }
        command.addAll(List.of("-Xmx384m", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
            "-cp", System.getProperty("java.class.path"), FleetEngineProcess.class.getName(),
            bootstrap, fleet, Integer.toString(files.id()), files.dir().toString(), workload.toString()));
        try {
            final Process p = new ProcessBuilder(command).redirectError(files.err().toFile()).start();
            return new EngineProcess(files.id(), p);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start engine process " + files.id(), e);
        }
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.put(line);
            }
        } catch (final IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int id() {
        return id;
    }

    void send(final String command) {
        in.println(command);
    }

    /**
     * @return the next answer line that starts with {@code word}, as key=value pairs (plus "line").
     * @throws IllegalStateException if the process ends or does not answer in time.
     */
    Map<String, String> await(final String word, final long seconds) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            final String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && (line.equals(word) || line.startsWith(word + " "))) {
                final Map<String, String> fields = new HashMap<>();
                fields.put("line", line);
                for (final String token : line.split(" ")) {
                    final int eq = token.indexOf('=');
                    if (eq > 0) {
                        fields.put(token.substring(0, eq), token.substring(eq + 1));
                    }
                }
                return fields;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                throw new IllegalStateException("engine process " + id + " exited with " + process.exitValue()
                    + " before answering '" + word + "' (see its .err file)");
            }
        }
        throw new IllegalStateException("engine process " + id + " did not answer '" + word + "' within " + seconds + " s");
    }

    @Override
    public void close() {
        in.close();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
