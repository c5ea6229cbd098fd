package dev.baton.adapter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a tool call's raw input, as the journal records it (the input itself is never stored).
 * <p>
 * <b>Note:</b> thread-safe: one digest per thread, reused; each call allocates the input's UTF-8 bytes and the
 * 32-byte result.
 */
public final class InputDigest {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(InputDigest::newDigest);

    private InputDigest() {
    }

    /**
     * @param input the call's raw input (for example its JSON arguments).
     * @return its SHA-256, 32 bytes.
     */
    public static byte[] sha256(final String input) {
        final MessageDigest md = SHA256.get();
        md.reset();
        return md.digest(input.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
