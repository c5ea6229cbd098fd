package dev.baton.codec;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.MessageDigest;

/**
 * Finds the chaining state of a JDK SHA-256 {@link MessageDigest} (the eight words its compression,
 * the JVM's SHA-256 intrinsic, reads and writes), so that HMAC can start from precomputed pad midstates
 * ({@link HmacMidstate}). The JDK has no public way to do this: the state is the private {@code int[] state}
 * of {@code sun.security.provider.SHA2}, behind {@code MessageDigest.Delegate.digestSpi}.
 *
 * <p>Two ways in, tried in order; when neither works, {@link #stateOf} returns null and callers keep the
 * plain {@code MessageDigest} HMAC:
 * <ol>
 *   <li>reflection, when {@code java.base} opens {@code java.security} and {@code sun.security.provider}
 *       to Baton ({@code --add-opens}, as the {@code baton} launcher passes);</li>
 *   <li>{@code sun.misc.Unsafe} field offsets on JDK 17 to 23 only: from JDK 24 every use of them prints
 *       a warning (JEP 498), which a library must not cause.</li>
 * </ol>
 * Nothing found here is trusted until {@link HmacMidstate}'s known-answer test against
 * {@code javax.crypto.Mac} passes. {@code -Dbaton.hmac.midstate=false} turns the whole path off.
 *
 * <p><b>Note:</b> stateless and thread-safe; allocates (reflection) once per digest, at set-up only.
 */
final class Sha256StateAccess {
    /** First JDK release on which {@code sun.misc.Unsafe} field offsets print a warning. */
    private static final int UNSAFE_WARNS_FROM = 24;

    private Sha256StateAccess() {
    }

    /**
     * @param digest a SHA-256 digest from {@code MessageDigest.getInstance("SHA-256")}.
     * @return the digest's live 8-word state array, or null when it cannot be reached.
     */
    static int[] stateOf(final MessageDigest digest) {
        if (!Boolean.parseBoolean(System.getProperty("baton.hmac.midstate", "true"))) {
            return null;
        }
        try {
            final Field spiField = declared(digest.getClass(), "digestSpi");
            final Object spi = null == spiField ? null : read(spiField, digest);
            final Field stateField = null == spi ? null : declared(spi.getClass(), "state");
            final Object state = null == stateField ? null : read(stateField, spi);
            return state instanceof int[] && ((int[])state).length == 8 ? (int[])state : null;
        } catch (final ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            return null;
        }
    }

    private static Field declared(final Class<?> type, final String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (final Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Object read(final Field field, final Object owner) throws ReflectiveOperationException {
        if (field.trySetAccessible()) {
            return field.get(owner);
        }
        if (Runtime.version().feature() >= UNSAFE_WARNS_FROM) {
            return null;
        }
        final Class<?> unsafeType = Class.forName("sun.misc.Unsafe");
        final Field theUnsafe = unsafeType.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        final Object unsafe = theUnsafe.get(null);
        final Method offset = unsafeType.getMethod("objectFieldOffset", Field.class);
        final Method get = unsafeType.getMethod("getObject", Object.class, long.class);
        return get.invoke(unsafe, owner, offset.invoke(unsafe, field));
    }
}
