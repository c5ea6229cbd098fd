package dev.baton.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One in-process run of the {@code baton} command line: its exit code and what it printed.
 *
 * @param code exit code.
 * @param out  standard output.
 * @param err  standard error.
 */
record CommandRun(int code, String out, String err) {

    /** Runs {@code baton args...} with standard output and error captured. */
    static CommandRun of(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        final int code;
        try {
            code = BatonCommand.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code baton args...} with standard output written to {@code stdout} (as {@code main} writes
     * to the file descriptor) and standard error captured; {@link #out} is empty.
     */
    static CommandRun to(final OutputStream stdout, final String... args) {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        final int code;
        try {
            code = BatonCommand.execute(stdout, args);
        } finally {
            System.setErr(oldErr);
        }
        return new CommandRun(code, "", err.toString(StandardCharsets.UTF_8));
    }

    /** @return the repository root (Surefire sets {@code baton.repo.root}). */
    static Path repoRoot() {
        final String prop = System.getProperty("baton.repo.root");
        return prop != null ? Path.of(prop) : Path.of("..").toAbsolutePath().normalize();
    }

    /** @return standard output's lines. */
    List<String> outLines() {
        return out.lines().toList();
    }

    /** @return standard error's lines. */
    List<String> errLines() {
        return err.lines().toList();
    }

    /** @return everything printed, for assertion messages. */
    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
