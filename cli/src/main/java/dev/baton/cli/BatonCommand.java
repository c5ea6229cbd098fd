package dev.baton.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The {@code baton} command: entry point of the command line.
 */
@Command(name = "baton", mixinStandardHelpOptions = true, versionProvider = BatonCommand.Version.class,
    description = "Baton: delegation decisions for AI-agent orchestrators.",
    subcommands = {CheckCommand.class, TestCommand.class, DemoCommand.class, ReplayCommand.class, ExplainCommand.class,
        WhatIfCommand.class, ExportCommand.class, InspectCommand.class, CommandLine.HelpCommand.class})
public final class BatonCommand implements Runnable {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: the command ran and found a problem (e.g. an expectation missed). */
    public static final int FAILED = 1;
    /** Exit code: bad usage or input (unknown option, unreadable or invalid file). */
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the command line.
     *
     * @param args arguments.
     */
    public static void main(final String[] args) {
        // The file descriptor itself, not System.out: a PrintStream would swallow a failed write.
        System.exit(execute(new FileOutputStream(FileDescriptor.out), args));
    }

    /** Runs the command line on {@code System.out} and returns its exit code (for tests). */
    static int execute(final String... args) {
        return execute(System.out, args);
    }

    /**
     * Runs the command line with its standard output written to {@code stdout} and returns its exit code.
     * If any of that output could not be written (a full disk, a closed pipe), the run fails with
     * {@link #USAGE} and one line on standard error, whatever the command returned: a cut export is not an
     * export.
     */
    static int execute(final OutputStream stdout, final String... args) {
        final WatchedOutput watched = new WatchedOutput(stdout);
        final PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(watched, stdoutCharset())),
            true);
        final CommandLine cli = new CommandLine(new BatonCommand()).setOut(out);
        cli.setExitCodeExceptionMapper(e -> USAGE);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("baton: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return USAGE;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("baton: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return USAGE;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (final OutOfMemoryError | StackOverflowError e) {
            // A safety net: inputs are bounded, but no input may ever end in a stack trace.
            cli.getErr().println("baton: " + e + " (is an input too large or too deeply nested?)");
            code = USAGE;
        }
        out.flush();
        final boolean lost = out.checkError() || stdout instanceof PrintStream && ((PrintStream) stdout).checkError();
        if (lost) {
            final IOException failure = watched.failure();
            cli.getErr().println(name(cli) + ": cannot write standard output"
                + (failure != null && failure.getMessage() != null ? ": " + failure.getMessage() : ""));
            code = USAGE;
        }
        cli.getErr().flush();
        return code;
    }

    /** @return {@code baton} and the subcommand that ran, if known, for messages. */
    private static String name(final CommandLine cli) {
        final CommandLine.ParseResult parsed = cli.getParseResult();
        return parsed != null && parsed.subcommand() != null
            ? "baton " + parsed.subcommand().commandSpec().name() : "baton";
    }

    /** The charset picocli itself would use for standard output. */
    private static Charset stdoutCharset() {
        final String name = System.getProperty("sun.stdout.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (final IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /** Where the example files live: {@code -Dbaton.home} (set by the launcher), else the working directory. */
    static Path home() {
        final String home = System.getProperty("baton.home");
        return home == null || home.isBlank() ? Path.of("") : Path.of(home);
    }

    /**
     * @return what is wrong with reading {@code file}, for a message: {@code FILE: too large (limit N bytes)},
     *     {@code FILE: permission denied}, or {@code cannot read FILE: ...}.
     */
    static String cannotRead(final Path file, final IOException e) {
        if (e instanceof AccessDeniedException) {
            return file + ": permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
            && ((FileSystemException) e).getOtherFile() == null) {
            return file + ": " + ((FileSystemException) e).getReason();
        }
        return "cannot read " + file + ": " + e.getMessage();
    }

    /** @return {@link #cannotRead(Path, IOException)} for the file the exception names, if any. */
    static String cannotRead(final IOException e) {
        final String file = e instanceof FileSystemException ? ((FileSystemException) e).getFile() : null;
        return file != null ? cannotRead(Path.of(file), e) : "cannot read: " + e.getMessage();
    }

    /** @return {@code p} relative to the working directory when it lies under it, else absolute: for messages. */
    static String display(final Path p) {
        final Path here = Path.of("").toAbsolutePath();
        final Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(here) ? here.relativize(abs).toString() : abs.toString();
    }

    /**
     * Reports the version the build wrote into {@code dev/baton/cli/version.properties} (a resource Maven
     * filters), else the jar manifest's {@code Implementation-Version}.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"baton " + version()};
        }

        /** @return the build's version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} if neither source has it. */
        static String version() {
            final Properties props = new Properties();
            try (InputStream in = BatonCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    props.load(in);
                }
            } catch (final IOException e) {
                props.clear();
            }
            final String built = props.getProperty("version");
            if (built != null && !built.isBlank() && !built.startsWith("${")) {
                return built;
            }
            final String manifest = BatonCommand.class.getPackage().getImplementationVersion();
            return manifest != null ? manifest : "unknown";
        }
    }
}
