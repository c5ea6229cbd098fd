package dev.baton.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads and writes on a plain {@code byte[]} through {@link VarHandle} views
 * ({@link MethodHandles#byteArrayViewVarHandle}): no {@code Unsafe}, no JVM option, bounds checked by
 * the JVM. The portable warrant codec and the offline verifier use these so that they run in a JVM
 * started without any {@code --add-exports}.
 *
 * <p><b>Note:</b> stateless and thread-safe; allocates nothing.
 */
final class LittleEndian {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static long getLong(final byte[] buffer, final int index) {
        return (long)LONG.get(buffer, index);
    }

    static void putLong(final byte[] buffer, final int index, final long value) {
        LONG.set(buffer, index, value);
    }

    static long getUnsignedInt(final byte[] buffer, final int index) {
        return ((int)INT.get(buffer, index)) & 0xFFFF_FFFFL;
    }

    static int getInt(final byte[] buffer, final int index) {
        return (int)INT.get(buffer, index);
    }

    static void putInt(final byte[] buffer, final int index, final int value) {
        INT.set(buffer, index, value);
    }

    static int getUnsignedShort(final byte[] buffer, final int index) {
        return ((short)SHORT.get(buffer, index)) & 0xFFFF;
    }

    static void putShort(final byte[] buffer, final int index, final int value) {
        SHORT.set(buffer, index, (short)value);
    }

    static int getUnsignedByte(final byte[] buffer, final int index) {
        return buffer[index] & 0xFF;
    }
}
