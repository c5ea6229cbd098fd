package dev.baton.engine;

import net.openhft.chronicle.core.Jvm;
import org.agrona.BufferUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM options {@link JournaledEngine} needs, checked before the engine touches Agrona or Chronicle
 * Queue: a JVM started without them gets one {@link IllegalStateException} naming each missing option and
 * where to add it, instead of an {@code IllegalAccessError} from inside the journal.
 * <p>
 * The check asks the modules ({@link Module#isExported(String, Module)}, {@link Module#isOpen(String,
 * Module)}), so options given on the command line, in {@code JDK_JAVA_OPTIONS}, or as an executable jar's
 * {@code Add-Exports}/{@code Add-Opens} manifest entries all count.
 * <ul>
 *   <li>Required (the engine fails without): {@code java.base/jdk.internal.misc} exported to Agrona,
 *       {@code java.base/sun.nio.ch} exported to and {@code java.base/java.lang.reflect} opened to
 *       Chronicle.</li>
 *   <li>Recommended (Chronicle warns, or takes a slower path, without): {@code java.base/jdk.internal.ref}
 *       and {@code jdk.compiler/com.sun.tools.javac.file} exported, {@code java.base/java.lang} opened.</li>
 * </ul>
 * The synchronous {@link dev.baton.core.DecisionCore} needs none of them; its warrant overloads take
 * Agrona buffers, and Agrona's buffers need the first.
 * <p>
 * <b>Note:</b> thread-safe (stateless). Allocates: call it off the hot path.
 */
public final class JvmOptions {
    /** Chronicle's usage-statistics call and start-up banner: off unless the user set them. */
    private static final String[] CHRONICLE_QUIET = {"chronicle.analytics.disable", "chronicle.announcer.disable"};

    // Class literals load the classes without initializing them (Agrona's fails without the option).
    private static final Option[] REQUIRED = {
        new Option(false, "java.base", "jdk.internal.misc", BufferUtil.class.getModule(),
            "Agrona's buffers use jdk.internal.misc.Unsafe"),
        new Option(false, "java.base", "sun.nio.ch", Jvm.class.getModule(),
            "Chronicle Queue memory-maps the journal through sun.nio.ch.FileChannelImpl"),
        new Option(true, "java.base", "java.lang.reflect", Jvm.class.getModule(),
            "Chronicle Queue reaches the JDK's private file-mapping method by reflection"),
    };
    private static final Option[] RECOMMENDED = {
        new Option(false, "java.base", "jdk.internal.ref", Jvm.class.getModule(),
            "Chronicle frees mapped memory through it; it warns without"),
        new Option(true, "java.base", "java.lang", Jvm.class.getModule(),
            "Chronicle's generated method writers; a slower fallback without"),
        new Option(false, "jdk.compiler", "com.sun.tools.javac.file", Jvm.class.getModule(),
            "Chronicle compiles generated code at run time"),
    };

    private JvmOptions() {
    }

    /** @return the required options this JVM lacks, as command-line options; empty when the engine can start. */
    public static List<String> missingRequired() {
        return flags(missing(REQUIRED));
    }

    /** @return the recommended options this JVM lacks, as command-line options. */
    public static List<String> missingRecommended() {
        return flags(missing(RECOMMENDED));
    }

    /**
     * Fails fast, for an application that embeds the engine and wants to check at its own start.
     *
     * @throws IllegalStateException naming each missing required option (and the missing recommended
     *     ones) and how to add them, if a required option is missing.
     */
    public static void requireEngineOptions() {
        final List<Option> required = missing(REQUIRED);
        if (!required.isEmpty()) {
            throw new IllegalStateException(message(required, missing(RECOMMENDED)));
        }
    }

    /**
     * What {@link JournaledEngine#start} does first: turns Chronicle's usage statistics and banner off
     * unless the user set {@code chronicle.analytics.disable} / {@code chronicle.announcer.disable}
     * (Chronicle reads them when its classes load), then {@link #requireEngineOptions()}.
     */
    static void beforeEngineStart() {
        quietChronicle();
        requireEngineOptions();
    }

    /**
     * Turns Chronicle's usage statistics and banner off unless the user set the properties: called before
     * Chronicle's classes load by every path into them (the engine's start, {@link JournalReader}), so a
     * library user who only reads a journal sends no usage statistics either.
     */
    static void quietChronicle() {
        for (final String property : CHRONICLE_QUIET) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }

    private static List<Option> missing(final Option[] options) {
        final List<Option> missing = new ArrayList<>();
        for (final Option o : options) {
            if (!o.present()) {
                missing.add(o);
            }
        }
        return missing;
    }

    private static List<String> flags(final List<Option> options) {
        final List<String> flags = new ArrayList<>(options.size());
        for (final Option o : options) {
            flags.add(o.flag());
        }
        return flags;
    }

    private static String message(final List<Option> required, final List<Option> recommended) {
        final List<Option> all = new ArrayList<>(required);
        all.addAll(recommended);
        final StringBuilder m = new StringBuilder(2048)
            .append("JournaledEngine cannot start: this JVM was started without options that Agrona and")
            .append(" Chronicle Queue need (the in-memory engine needs none unless it signs warrants).\n");
        for (final Option o : required) {
            m.append("  missing:     ").append(o.flag()).append("   (").append(o.why).append(")\n");
        }
        for (final Option o : recommended) {
            m.append("  recommended: ").append(o.flag()).append("   (").append(o.why).append(")\n");
        }
        m.append("Add them where this JVM is launched; OPTIONS is all of them on one line:\n  ")
            .append(String.join(" ", flags(all))).append('\n')
            .append("  java:              java OPTIONS -cp ... your.Main, or export JDK_JAVA_OPTIONS=\"OPTIONS\"\n")
            .append("  java -jar:         manifest entries ").append(manifest(all)).append('\n')
            .append("  Maven Surefire:    <argLine>OPTIONS</argLine>\n")
            .append("  exec-maven-plugin: exec:exec, one <argument> per option before the main class;")
            .append(" exec:java runs in Maven's own JVM: OPTIONS in .mvn/jvm.config or MAVEN_OPTS\n")
            .append("  Gradle:            jvmArgs(\"--add-exports=...\", ...), one string per option, on Test and")
            .append(" JavaExec tasks; applicationDefaultJvmArgs for the application plugin\n")
            .append("See the README section \"Embedding: JVM options\".");
        return m.toString();
    }

    /** Manifest entries export and open to every unnamed module: the classpath case. */
    private static String manifest(final List<Option> options) {
        final StringBuilder exports = new StringBuilder();
        final StringBuilder opens = new StringBuilder();
        for (final Option o : options) {
            final StringBuilder to = o.open ? opens : exports;
            to.append(to.length() == 0 ? "" : " ").append(o.module).append('/').append(o.pkg);
        }
        return (exports.length() == 0 ? "" : "\"Add-Exports: " + exports + "\"")
            + (exports.length() > 0 && opens.length() > 0 ? " and " : "")
            + (opens.length() == 0 ? "" : "\"Add-Opens: " + opens + "\"");
    }

    /** One {@code --add-exports} or {@code --add-opens} of a package to the module of the library using it. */
    private static final class Option {
        final boolean open;
        final String module;
        final String pkg;
        final Module user;
        final String why;

        Option(final boolean open, final String module, final String pkg, final Module user, final String why) {
            this.open = open;
            this.module = module;
            this.pkg = pkg;
            this.user = user;
            this.why = why;
        }

        /** A module absent from this runtime (jdk.compiler in a trimmed image) has nothing to export. */
        boolean present() {
            final Optional<Module> m = ModuleLayer.boot().findModule(module);
            return m.isEmpty() || (open ? m.get().isOpen(pkg, user) : m.get().isExported(pkg, user));
        }

        String flag() {
            return (open ? "--add-opens=" : "--add-exports=") + module + '/' + pkg + '='
                + (user.isNamed() ? user.getName() : "ALL-UNNAMED");
        }
    }
}
