package dev.baton.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The policies topic's value: the policy file's name and full text, UTF-8.
 * <pre>
 *   formatVersion (u8) = 1 | nameLength (u16, big-endian) | name | text (the rest)
 * </pre>
 * <b>Note:</b> stateless, thread-safe; allocates.
 */
final class PolicyMessage {
    static final int FORMAT_VERSION = 1;
    final String file;
    final String text;

    private PolicyMessage(final String file, final String text) {
        this.file = file;
        this.text = text;
    }

    static byte[] encode(final String file, final String text) {
        final byte[] name = file.getBytes(StandardCharsets.UTF_8);
        final byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (name.length > 0xFFFF) {
            throw new IllegalArgumentException("policy file name longer than 65535 bytes");
        }
        return ByteBuffer.allocate(3 + name.length + body.length).put((byte) FORMAT_VERSION)
            .putShort((short) name.length).put(name).put(body).array();
    }

    /** @throws IllegalArgumentException naming what is wrong with the bytes. */
    static PolicyMessage decode(final byte[] value) {
        if (value == null || value.length < 3) {
            throw new IllegalArgumentException("policy message: " + (value == null ? "no value" : value.length + " bytes")
                + ", fewer than its 3-byte header");
        }
        if (value[0] != FORMAT_VERSION) {
            throw new IllegalArgumentException("policy message: format version " + value[0] + ", this build reads "
                + FORMAT_VERSION);
        }
        final int nameLength = ByteBuffer.wrap(value).getShort(1) & 0xFFFF;
        if (3 + nameLength > value.length) {
            throw new IllegalArgumentException("policy message: name length " + nameLength + " runs past its "
                + value.length + " bytes");
        }
        return new PolicyMessage(new String(value, 3, nameLength, StandardCharsets.UTF_8),
            new String(value, 3 + nameLength, value.length - 3 - nameLength, StandardCharsets.UTF_8));
    }
}
