package dev.baton.bench;

/**
 * The JVM flag set from the parent POM's {@code baton.jvm.flags}, as compile-time constants for
 * {@code @Fork(jvmArgsPrepend = ...)}. A JMH fork is started with a class path, not {@code -jar}, so the
 * {@code Add-Exports}/{@code Add-Opens} entries of the jar's manifest do not reach it.
 */
final class JvmFlags {
    static final String MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    static final String REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    static final String LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String JAVAC = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    static final String NO_BANNER = "-Dchronicle.announcer.disable=true";

    private JvmFlags() {
    }
}
