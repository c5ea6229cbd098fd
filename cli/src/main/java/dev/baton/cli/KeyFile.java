package dev.baton.cli;

import dev.baton.codec.KeyRing;
import dev.baton.codec.WarrantKey;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A warrant key file: text, one key per line as {@code <keyId>:<hex secret>} (key id 0..65535, secret at
 * least 32 bytes and not one byte repeated, see {@link KeyRing#checkSecret}), blank lines and lines starting with {@code #} ignored. Secrets are never printed:
 * error messages name the file and line only.
 */
final class KeyFile {
    /** Largest key file read: thousands of keys. */
    private static final int MAX_BYTES = 1024 * 1024;

    private final Map<Integer, byte[]> secrets;

    private KeyFile(final Map<Integer, byte[]> secrets) {
        this.secrets = secrets;
    }

    /**
     * @throws IllegalArgumentException naming the file, the line and what is wrong.
     */
    static KeyFile read(final Path file) {
        final List<String> lines;
        try (InputStream in = Files.newInputStream(file)) {
            // Bounded, so that --key /dev/zero is refused instead of exhausting memory.
            final byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IllegalArgumentException(file + ": too large for a key file (limit " + MAX_BYTES + " bytes)");
            }
            lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (final NoSuchFileException e) {
            throw new IllegalArgumentException("no such key file: " + file);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage());
        }
        final Map<Integer, byte[]> secrets = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String at = file + ":" + (i + 1) + ": ";
            final int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(at + "expected <keyId>:<hex secret>, e.g. 7:00112233... (the "
                    + "':' is missing)");
            }
            final int keyId;
            try {
                keyId = Integer.parseInt(line.substring(0, colon).strip());
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException(at + "the key id must be an integer from 0 to "
                    + KeyRing.MAX_KEY_ID);
            }
            if (keyId < 0 || keyId > KeyRing.MAX_KEY_ID) {
                throw new IllegalArgumentException(at + "key id " + keyId + " out of range 0.." + KeyRing.MAX_KEY_ID);
            }
            final byte[] secret;
            try {
                secret = HexFormat.of().parseHex(line.substring(colon + 1).strip());
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(at + "the secret must be hex digits (an even number of 0-9a-f)");
            }
            try {
                KeyRing.checkSecret(keyId, secret);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(at + e.getMessage());
            }
            if (secrets.putIfAbsent(keyId, secret) != null) {
                throw new IllegalArgumentException(at + "key id " + keyId + " is listed twice");
            }
        }
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException(file + ": no key: expected a line <keyId>:<hex secret>");
        }
        return new KeyFile(secrets);
    }

    /** @return a key ring holding only key {@code keyId}, or null if the file lacks it. */
    KeyRing ring(final int keyId) {
        final byte[] secret = secrets.get(keyId);
        return secret == null ? null : new KeyRing(0, keyId, secret);
    }

    /** @return a portable-warrant HMAC-SHA256 key for {@code keyId}, or null if the file lacks it. */
    WarrantKey warrantKey(final int keyId) {
        final byte[] secret = secrets.get(keyId);
        return secret == null ? null : WarrantKey.hmacSha256(keyId, secret);
    }

    /** @return the key ids in the file. */
    String ids() {
        return secrets.keySet().toString();
    }

    @Override
    public String toString() {
        return "KeyFile" + ids();
    }
}
