package dev.baton.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The fingerprint a portable warrant carries of the policy's layout: which number stands for which
 * purpose, capability and data class. It is the first 8 bytes of SHA-256 over a domain tag and the
 * three name tables in order (each name length-prefixed), so two processes agree on the meaning of a
 * warrant's bits exactly when their tables are equal. When a policy declares tool arguments or budgets,
 * their tables follow (each argument as {@code tool}, {@code argument} and its declared type; each budget's
 * name), so the argument and budget indexes a warrant's constraints and budget snapshot use are pinned
 * too; a policy without either keeps the three-table fingerprint. A verifier refuses a warrant whose fingerprint
 * is not its own ({@code LAYOUT_MISMATCH}), so a bit is never read against another table. This is a
 * consistency check, not a security boundary: the warrant's signature already binds its bits.
 *
 * <p><b>Note:</b> stateless and thread-safe; {@link #of} allocates (once per policy).
 */
public final class LayoutFingerprint {
    private static final byte[] DOMAIN = "baton.layout.v1\0".getBytes(StandardCharsets.US_ASCII);

    private LayoutFingerprint() {
    }

    /**
     * Fingerprint of a policy layout.
     *
     * @param purposes     purpose names by number.
     * @param capabilities capability names by bit.
     * @param dataClasses  data-class names by bit.
     * @return the fingerprint.
     */
    public static long of(final List<String> purposes, final List<String> capabilities, final List<String> dataClasses) {
        final MessageDigest sha256 = IdentityId.sha256();
        sha256.update(DOMAIN);
        table(sha256, purposes);
        table(sha256, capabilities);
        table(sha256, dataClasses);
        return LittleEndian.getLong(sha256.digest(), 0);
    }

    /**
     * Fingerprint of a policy layout with its argument and budget tables.
     *
     * @param purposes     purpose names by number.
     * @param capabilities capability names by bit.
     * @param dataClasses  data-class names by bit.
     * @param arguments    arguments by index, each {@code tool}, {@code argument}, type (three entries each).
     * @param budgets      budget names by index.
     * @return the fingerprint; {@link #of(List, List, List)} when both tables are empty.
     */
    public static long of(final List<String> purposes, final List<String> capabilities, final List<String> dataClasses,
                          final List<String> arguments, final List<String> budgets) {
        if (arguments.isEmpty() && budgets.isEmpty()) {
            return of(purposes, capabilities, dataClasses);
        }
        final MessageDigest sha256 = IdentityId.sha256();
        sha256.update(DOMAIN);
        table(sha256, purposes);
        table(sha256, capabilities);
        table(sha256, dataClasses);
        table(sha256, arguments);
        table(sha256, budgets);
        return LittleEndian.getLong(sha256.digest(), 0);
    }

    private static void table(final MessageDigest sha256, final List<String> names) {
        final byte[] length = new byte[4];
        LittleEndian.putInt(length, 0, names.size());
        sha256.update(length);
        for (final String name : names) {
            final byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            LittleEndian.putInt(length, 0, utf8.length);
            sha256.update(length);
            sha256.update(utf8);
        }
    }
}
