package dev.baton.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator times every request it sends in the measured window, whichever way it learns of
 * completions: by the engine's completion thread (a listener) or by polling on the producer's own thread.
 */
class LoadGeneratorTest {
    private static final Pattern SENT = Pattern.compile("sent ([0-9,]+) in all; measured ([0-9,]+) completions");
    private static final Pattern P50 = Pattern.compile("p50 ([0-9.]+)");

    @ParameterizedTest
    @EnumSource(LoadGenerator.Completion.class)
    void shouldTimeEveryRequestSentInTheMeasuredWindow(final LoadGenerator.Completion completion) throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final LoadOptions o = LoadOptions.parse(new String[] {"--rate", "20000", "--seconds", "1", "--warmup", "0",
            "--threads", "2", "--window", "64", "--completion", completion.name()});
        new LoadGenerator().run(o, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("completion " + completion), out);
        final Matcher sent = SENT.matcher(out);
        assertTrue(sent.find(), out);
        final long all = Long.parseLong(sent.group(1).replace(",", ""));
        final long measured = Long.parseLong(sent.group(2).replace(",", ""));
        assertTrue(all >= 15_000, "about 20,000 sent in the second: " + out);
        assertEquals(all, measured, "with no warm-up, every request sent is timed once: " + out);
        final Matcher p50 = P50.matcher(out);
        assertTrue(p50.find() && Double.parseDouble(p50.group(1)) > 0, out);
    }
}
