package dev.baton.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DemoCommandTest {
    private static final String SUMMARY =
        "demo: decisions=(\\d+) warmup=\\d+ throughput=\\d+/s p50_ns=\\d+ p99_ns=\\d+ p999_ns=\\d+ engines=(\\d+) journal=(\\S+) bytes_per_decision=\\d+ replay=(ok|FAILED)";

    private static String workload() {
        return CommandRun.repoRoot().resolve("src/scenarios/orchestrator.yaml").toString();
    }

    private static CommandRun demo(final Path journal, final String... more) {
        final List<String> args = new java.util.ArrayList<>(List.of("demo", "--workload", workload(),
            "--journal", journal.toString()));
        args.addAll(List.of(more));
        if (!args.contains("--decisions")) {
            args.addAll(List.of("--decisions", "20000"));
        }
        if (!args.contains("--threads")) {
            args.addAll(List.of("--threads", "2"));
        }
        return CommandRun.of(args.toArray(new String[0]));
    }

    @Test
    void shouldRunTheOrchestratorJournalAndReplayIt(@TempDir final Path dir) throws IOException {
        final Path journal = dir.resolve("journal");
        final CommandRun run = demo(journal);
        assertEquals(0, run.code(), run.toString());
        final List<String> lines = run.outLines();
        final String last = lines.get(lines.size() - 1);
        assertTrue(last.matches(SUMMARY), last);
        assertTrue(last.startsWith("demo: decisions=20000 "), last);
        assertTrue(last.matches(".* engines=2 journal=" + Pattern.quote(BatonCommand.display(journal))
            + " bytes_per_decision=[1-9]\\d* replay=ok"), last);
        assertTrue(run.out().contains("expectations: all "), run.toString());
        // The workload's two engines, each with its producer thread and a journal of its own, both replayed.
        assertTrue(run.out().contains("engines   2 in this process"), run.toString());
        assertTrue(run.out().matches("(?s).*replay\\s+ok: SEAL chains of 2 journals verified.*"), run.toString());
        final Path second = dir.resolve("journal-2");
        assertTrue(run.out().contains("./baton replay " + BatonCommand.display(second)), run.toString());
        final CommandRun replayed = CommandRun.of("replay", second.toString());
        assertEquals(0, replayed.code(), "the second engine's journal replays on its own: " + replayed);
        for (final String kind : List.of("DENY\\s+NEVER_LEAVE", "DENY\\s+EXTERNAL_LIMIT", "DENY\\s+NON_TRANSITIVE",
            "DENY\\s+MAX_DEPTH", "DENY\\s+JUSTIFICATION_REQUIRED", "DENY\\s+REVOKED", "DENY\\s+REVIEW_DENIED",
            "DENY\\s+REVIEW_TIMED_OUT", "DENY\\s+EXPIRED", "REVIEW\\s+REVIEW_REQUIRED", "break-glass\\s+\\d+")) {
            assertTrue(run.out().matches("(?s).*" + kind + ".*"), kind + " in " + run);
        }
        assertTrue(run.out().contains("latency     per request, service time from submission"), run.toString());
        final Matcher cpu = Pattern.compile("cpu         per decision: 2 engine threads "
            + "([\\d.]+) (ns|µs) \\((\\d+) % of a core, together\\), producer threads [\\d.]+ (ns|µs) \\(\\d+ %\\), whole process "
            + "([\\d.]+) (ns|µs) \\(\\d+ % of one core; \\d+ available\\)").matcher(run.out());
        assertTrue(cpu.find(), "the CPU line: " + run);
        final double engineNanos = Double.parseDouble(cpu.group(1)) * (cpu.group(2).equals("µs") ? 1_000 : 1);
        final double processNanos = Double.parseDouble(cpu.group(5)) * (cpu.group(6).equals("µs") ? 1_000 : 1);
        assertTrue(engineNanos > 0 && engineNanos < processNanos, "the engine thread's share of the process: " + run);

        assertTrue(Files.isRegularFile(journal.resolve(".baton-demo")));
        assertTrue(Files.isRegularFile(second.resolve(".baton-demo")));
        final String hgrm = Files.readString(dir.resolve("journal.hgrm"));
        assertTrue(hgrm.contains("Value     Percentile TotalCount 1/(1-Percentile)"), hgrm);
        final String html = Files.readString(dir.resolve("journal.html"));
        assertTrue(html.contains("<svg") && html.contains("<polyline") && !html.contains("<script"), html);
        assertTrue(html.contains("<svg id=\"percentile-plot\"") && html.contains("<svg id=\"timeline-plot\""), html);
        final Matcher samples = Pattern.compile("max \\((\\d+) samples\\)").matcher(html);
        assertTrue(samples.find(), html);
        // The percentile axis ends where the samples do: no tick past 1 - 1/N.
        final int decades = (int) Math.floor(Math.log10(Long.parseLong(samples.group(1))));
        final String[] ticks = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};
        assertTrue(html.contains(">" + ticks[decades] + "</text>"), html);
        assertFalse(html.contains(">" + ticks[decades + 1] + "</text>"), "a tick past the samples: " + html);
        assertTrue(html.contains("worst: "), "the worst moment is marked on the timeline: " + html);
        final String key = Files.readString(dir.resolve("journal.key")).trim();
        assertTrue(key.matches("1:[0-9a-f]{64}"), key);
        assertTrue(Files.readString(dir.resolve("journal.warrant.b64")).trim().matches("[A-Za-z0-9+/=]{40,}"));
        assertFalse(journalHolds(journal, HexFormat.of().parseHex(key.substring(2))), "the key is never journaled");
        assertFalse(journalHolds(second, HexFormat.of().parseHex(key.substring(2))), "the key is never journaled");
    }

    @Test
    void shouldWarmUpWithoutTimingItAndStillCheckAndReplayEveryDecision(@TempDir final Path dir) {
        final CommandRun run = demo(dir.resolve("j"), "--decisions", "6000", "--warmup", "4000", "--fsync", "none",
            "--engines", "1");
        assertEquals(0, run.code(), run.toString());
        final String last = run.outLines().get(run.outLines().size() - 1);
        assertTrue(last.matches(SUMMARY) && last.startsWith("demo: decisions=6000 warmup=4000 "), last);
        assertTrue(last.contains(" engines=1 "), last);
        assertTrue(run.out().contains("engine    ring 4096") && run.out().contains("replay      ok: SEAL chain verified"),
            run.toString());
        assertFalse(Files.exists(dir.resolve("j-2")), "one engine, one journal: " + run);
        assertTrue(run.out().contains("throughput  6,000 decisions"), run.toString());
        assertTrue(run.out().contains("after a warm-up of 4,000 decisions"), run.toString());
        // Every decision, the warm-up's too, is checked against its expectation and replayed.
        final Matcher met = Pattern.compile("expectations: all ([\\d,]+) met")
            .matcher(run.out());
        assertTrue(met.find(), run.toString());
        final long all = Long.parseLong(met.group(1).replace(",", ""));
        assertTrue(all >= 10_000, run.toString());
        assertTrue(run.out().contains(String.format(java.util.Locale.ROOT, "%,d decisions re-executed, all identical",
            all)), run.toString());

        final CommandRun none = demo(dir.resolve("k"), "--decisions", "3000", "--warmup", "0", "--fsync", "none");
        assertEquals(0, none.code(), none.toString());
        assertTrue(none.outLines().get(none.outLines().size() - 1).startsWith("demo: decisions=3000 warmup=0 "),
            none.toString());
        assertFalse(none.out().contains("after a warm-up"), none.toString());
    }

    @Test
    void shouldPaceOpenLoopAndReportCorrectedLatency(@TempDir final Path dir) {
        final CommandRun run = demo(dir.resolve("j"), "--rate", "20000", "--fsync", "none", "--in-flight", "4");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("open loop at 20,000 decisions/s"), run.toString());
        assertTrue(run.out().contains("coordinated-omission corrected"), run.toString());
        assertTrue(run.out().contains("fsync none"), run.toString());
        final List<String> lines = run.outLines();
        assertTrue(lines.get(lines.size() - 1).matches(SUMMARY), run.toString());
    }

    @Test
    void shouldReplaceItsOwnPreviousJournalOnlyWithFresh(@TempDir final Path dir) throws IOException {
        final Path journal = dir.resolve("j");
        assertEquals(0, demo(journal, "--decisions", "2000").code());
        final Map<Path, Long> before = sizes(journal);

        final CommandRun refused = demo(journal, "--decisions", "3000");
        assertEquals(BatonCommand.USAGE, refused.code(), refused.toString());
        assertEquals("baton demo: " + journal.toAbsolutePath() + " holds the journal of an earlier demo run: give "
            + "--fresh to replace it, or another --journal\n", refused.err());
        assertEquals("", refused.out());
        assertEquals(before, sizes(journal), "nothing touched");

        final CommandRun second = demo(journal, "--decisions", "3000", "--fsync", "batch", "--fresh");
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("the earlier demo run's journals there were replaced"), second.toString());
        assertTrue(second.out().contains("SEAL chains of 2 journals verified"), second.toString());
        assertTrue(second.out().contains("fsync batch"), second.toString());
        assertTrue(Files.isRegularFile(journal.resolve(".baton-demo")));
    }

    @Test
    void shouldEmptyNoJournalWhenAnotherEnginesJournalIsRefused(@TempDir final Path dir) throws IOException {
        final Path journal = dir.resolve("j");
        assertEquals(0, demo(journal, "--decisions", "2000").code());
        final Map<Path, Long> before = sizes(journal);
        Files.writeString(dir.resolve("j-2").resolve("notes.txt"), "keep me");

        final CommandRun refused = demo(journal, "--decisions", "3000", "--fresh");
        assertEquals(BatonCommand.USAGE, refused.code(), refused.toString());
        assertTrue(refused.err().contains("j-2 holds files baton demo did not write (notes.txt)"), refused.toString());
        assertEquals(before, sizes(journal), "the first engine's journal is left as it was");
        assertEquals("keep me", Files.readString(dir.resolve("j-2").resolve("notes.txt")));
    }

    @Test
    void shouldRefuseADemoDirectoryHoldingOtherFilesEvenWithFresh(@TempDir final Path dir) throws IOException {
        final Path journal = dir.resolve("j");
        Files.createDirectories(journal);
        Files.writeString(journal.resolve(".baton-demo"), "marker");
        Files.writeString(journal.resolve("notes.txt"), "keep me");
        final CommandRun run = demo(journal, "--fresh");
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertTrue(run.err().contains("holds files baton demo did not write (notes.txt)"), run.toString());
        assertEquals("keep me", Files.readString(journal.resolve("notes.txt")));
        assertEquals("marker", Files.readString(journal.resolve(".baton-demo")));
    }

    @Test
    void shouldRefuseADirectoryItDidNotWrite(@TempDir final Path dir) throws IOException {
        final Path mine = dir.resolve("precious");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        final CommandRun run = demo(mine);
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertTrue(run.err().contains("was not written by baton demo"), run.toString());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
        assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
    }

    @Test
    void shouldRejectBadOptionsWithoutStackTrace(@TempDir final Path dir) {
        for (final String[] bad : List.of(new String[] {"--fsync", "sometimes"}, new String[] {"--decisions", "0"},
            new String[] {"--threads", "0"}, new String[] {"--rate", "-5"}, new String[] {"--repeat", "3"},
            new String[] {"--warmup", "-1"}, new String[] {"--engines", "0"}, new String[] {"--engines", "17"},
            new String[] {"--engines", "3"})) {
            final CommandRun run = demo(dir.resolve("j"), bad);
            assertEquals(BatonCommand.USAGE, run.code(), String.join(" ", bad) + ": " + run);
            assertTrue(run.err().startsWith("baton demo: "), run.toString());
            assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
        }
    }

    @Test
    void shouldReportAMalformedWorkloadWithItsPlace(@TempDir final Path dir) throws IOException {
        final Path bad = dir.resolve("w.yaml");
        Files.writeString(bad, "policy: ../policies/refund-dispute.yaml\ntemplates: {}\ntenants:\n  a: {tasks: 3}\n");
        final CommandRun run = CommandRun.of("demo", "--workload", bad.toString(), "--journal",
            dir.resolve("j").toString());
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertTrue(run.err().contains("w.yaml:2:12: templates: expected at least one template"), run.toString());

        Files.writeString(bad, "policy: ../policies/refund-dispute.yaml\nrun:\n  warmup: -5\ntemplates: {}\ntenants: {}\n");
        final CommandRun warmup = CommandRun.of("demo", "--workload", bad.toString(), "--journal",
            dir.resolve("j").toString());
        assertEquals(BatonCommand.USAGE, warmup.code(), warmup.toString());
        assertTrue(warmup.err().contains("w.yaml:3:11: run.warmup"), warmup.toString());

        Files.writeString(bad, "policy: ../policies/refund-dispute.yaml\nrun:\n  threads: 3\n  engines: 2\n"
            + "templates: {}\ntenants: {}\n");
        final CommandRun engines = CommandRun.of("demo", "--workload", bad.toString(), "--journal",
            dir.resolve("j").toString());
        assertEquals(BatonCommand.USAGE, engines.code(), engines.toString());
        assertTrue(engines.err().contains("w.yaml:4:12: run.engines: run.threads (3) must be a multiple of run.engines (2)"),
            engines.toString());
    }

    @Test
    void shouldParkPinnedEnginesEvenWhereAutoWouldSpin(@TempDir final Path dir) throws Exception {
        // Four processors as the JVM sees them make WaitMode.AUTO spin; an engine pinned with its producer on one
        // vCPU must still hand the vCPU over (park), or each waits out its spin on the core the other needs.
        assumeTrue(net.openhft.affinity.Affinity.getAffinity().cardinality() >= 2, "pinning needs two vCPUs");
        final String pinned = demoOnFourProcessors(dir.resolve("p"));
        assertTrue(pinned.contains("pinned to a vCPU: engine 1 on ") && pinned.contains("; waiting: park\n"), pinned);
        assertTrue(pinned.matches("(?s).*demo: .* engines=2 .* replay=ok\n"), pinned);
        final String free = demoOnFourProcessors(dir.resolve("f"), "--no-pin");
        assertTrue(free.contains("threads   not pinned (--no-pin); waiting: spin\n"), free);
    }

    /** Runs the demo in a JVM of its own that sees four processors; @return its standard output. */
    private static String demoOnFourProcessors(final Path journal, final String... more) throws Exception {
        final List<String> command = new java.util.ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:ActiveProcessorCount=4",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dchronicle.analytics.disable=true",
            "-Dchronicle.announcer.disable=true", "-cp", System.getProperty("java.class.path"),
            BatonCommand.class.getName(), "demo", "--workload", workload(), "--journal", journal.toString(),
            "--decisions", "3000", "--fsync", "none"));
        command.addAll(List.of(more));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void shouldGiveEachEngineAnEqualShareOfTheProducerThreads(@TempDir final Path dir) {
        final CommandRun uneven = demo(dir.resolve("j"), "--engines", "2", "--threads", "3");
        assertEquals(BatonCommand.USAGE, uneven.code(), uneven.toString());
        assertTrue(uneven.err().contains("--threads (3) must be a multiple of --engines (2)"), uneven.toString());
        // Without --engines, the workload's two engines become one when --threads is odd.
        final CommandRun one = demo(dir.resolve("k"), "--threads", "1", "--decisions", "3000", "--fsync", "none");
        assertEquals(0, one.code(), one.toString());
        assertTrue(one.outLines().get(one.outLines().size() - 1).contains(" engines=1 "), one.toString());
        final CommandRun four = demo(dir.resolve("m"), "--threads", "4", "--decisions", "3000", "--fsync", "none",
            "--no-pin");
        assertEquals(0, four.code(), four.toString());
        assertTrue(four.outLines().get(four.outLines().size() - 1).contains(" engines=2 "), four.toString());
        assertTrue(four.out().contains("2 of the producer threads") && four.out().contains("not pinned (--no-pin)"),
            four.toString());
    }

    @Test
    void shouldRunEveryTemplateAsAScenarioOnTheCore() throws IOException {
        try (Stream<Path> files = Files.list(CommandRun.repoRoot().resolve("src/scenarios/orchestrator"))) {
            for (final Path template : files.sorted().toList()) {
                final CommandRun run = CommandRun.of("demo", "--scenario", template.toString(), "--repeat", "3");
                assertEquals(0, run.code(), template + ": " + run);
                assertTrue(run.out().contains("expectations: all"), run.toString());
            }
        }
    }

    @Test
    void shouldRunExampleScenarioAndPrintDecisionsByOutcomeAndReason() {
        final CommandRun run = CommandRun.of("demo", "--repeat", "20",
            "--scenario", CommandRun.repoRoot().resolve("src/scenarios/refund-dispute.yaml").toString());
        final String text = run.out();
        assertEquals(0, run.code(), run.toString());
        assertTrue(text.contains("decisions by outcome and reason"), text);
        assertTrue(text.matches("(?s).*DENY\\s+NEVER_LEAVE\\s+20\\s+never_leave\\.customer_pii.*"), text);
        assertTrue(text.matches("(?s).*REVIEW\\s+REVIEW_REQUIRED.*"), text);
        assertTrue(text.contains("expectations: all"), text);
        assertTrue(text.matches("(?s).*time: [0-9,]+ decisions in .* ms.*"), text);
    }

    @Test
    void shouldReportMalformedScenarioWithoutStackTrace(@TempDir final Path dir) throws Exception {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "policy: nowhere.yaml\nsteps: 3\n");
        final CommandRun run = CommandRun.of("demo", "--scenario", bad.toString());
        assertEquals(BatonCommand.USAGE, run.code());
        assertTrue(run.err().contains("bad.yaml:2:8: steps: expected a list"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void shouldRefuseTooLargeWorkloadAndScenarioFiles(@TempDir final Path dir) throws IOException {
        final Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[4 * 1024 * 1024 + 1]);
        for (final String option : List.of("--workload", "--scenario")) {
            final CommandRun run = CommandRun.of("demo", option, big.toString(), "--journal", dir.resolve("j").toString());
            assertEquals(BatonCommand.USAGE, run.code(), option + ": " + run);
            assertEquals("baton demo: " + big + ": too large (limit 4194304 bytes)\n", run.err(), option + ": " + run);
        }
        assertFalse(Files.exists(dir.resolve("j")), "no journal written for bad input");
    }

    @Test
    void shouldReportMissingScenarioFile() {
        final CommandRun run = CommandRun.of("demo", "--scenario", "does/not/exist.yaml");
        assertEquals(BatonCommand.USAGE, run.code());
        assertTrue(run.err().contains("no such file: does/not/exist.yaml"), run.err());
    }

    @Test
    void shouldRejectUnknownOption() {
        final CommandRun run = CommandRun.of("demo", "--frobnicate");
        assertEquals(BatonCommand.USAGE, run.code());
        assertTrue(run.err().contains("Unknown option: '--frobnicate'"), run.err());
    }

    /** @return every file under {@code dir} and its size. */
    private static Map<Path, Long> sizes(final Path dir) throws IOException {
        final Map<Path, Long> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (final Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(f, Files.size(f));
            }
        }
        return out;
    }

    /** @return whether any journal file contains {@code needle}. */
    private static boolean journalHolds(final Path journal, final byte[] needle) throws IOException {
        try (Stream<Path> files = Files.walk(journal)) {
            for (final Path f : files.filter(Files::isRegularFile).toList()) {
                final byte[] b = Files.readAllBytes(f);
                outer:
                for (int i = 0; i + needle.length <= b.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (b[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
        }
        return false;
    }
}
