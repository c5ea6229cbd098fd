package dev.baton.bench;

import dev.baton.audit.AuditLog;
import dev.baton.audit.JsonLinesExport;
import dev.baton.audit.ProgressListener;
import dev.baton.engine.JournalTrust;
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
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code baton export} against {@code baton replay} of one journal, in one run: what each command does
 * minus the JVM's start and the printing of replay's summary. {@link #export} writes every decision as
 * JSON Lines through a UTF-8 writer into a stream that drops the bytes (as {@code baton export J >
 * /dev/null}); {@link #replay} reads, verifies and re-executes every decision and keeps the entries, as
 * {@code baton replay} does ({@code AuditLog.read(dir, trust, true, ...)}). Both verify the hash chain.
 * <p>
 * {@code journal}: the journal directory, e.g. the demo's ({@code ./baton demo} writes {@code
 * baton-journal} in the directory it runs from), relative to the working directory. One operation is
 * one pass over the whole journal: SingleShot-like average time, a few iterations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
@State(Scope.Benchmark)
public class ExportReplayBenchmark {
    /** The journal directory. */
    @Param({"baton-journal"})
    public String journal;

    private Path dir;

    @Setup(Level.Trial)
    public void setUp() {
        dir = Path.of(journal).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no journal at " + dir + ": run ./baton demo first, or give -p journal=DIR");
        }
    }

    /** @return lines exported. */
    @Benchmark
    public long export() {
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("host", "bench");
        labels.put("version", "bench");
        final JsonLinesExport export = new JsonLinesExport(dir, JournalTrust.none(), labels, false);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(OutputStream.nullOutputStream(),
            StandardCharsets.UTF_8), 1 << 16)) {
            export.write(line -> {
                try {
                    out.write(line);
                    out.write('\n');
                    return true;
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        if (export.damage() != null) {
            throw new IllegalStateException(export.damage());
        }
        return export.lines();
    }

    /** @return decisions replayed. */
    @Benchmark
    public long replay() {
        final AuditLog log = AuditLog.read(dir, JournalTrust.none(), true, ProgressListener.NONE);
        return log.entries().size();
    }
}
