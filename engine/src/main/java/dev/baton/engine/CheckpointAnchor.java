package dev.baton.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint anchor: a file outside the journal directory to which the engine appends signed
 * checkpoints, each an Ed25519 signature over a SEAL's sequence and the chain head it closed.
 *
 * <pre>
 *   one checkpoint = 112 bytes, little-endian, appended; a torn last one (fewer bytes) is ignored
 *   +----------------------+----------------------+--------------------+-------------------------+
 *   | sealSequence (i64)   | epochMillis (i64)    | head (32 bytes)    | signature (64 bytes)    |
 *   +----------------------+----------------------+--------------------+-------------------------+
 *   signature = Ed25519(checkpoint key, "baton.checkpoint.1" || the first 48 bytes)
 * </pre>
 * <p>
 * <b>Note:</b> the writer runs on the engine thread only; signing allocates (once per checkpoint, at a
 * bounded interval). {@link #read} is a static reader.
 */
final class CheckpointAnchor implements AutoCloseable {
    /** Bytes of one checkpoint. */
    static final int ENTRY_LENGTH = 112;
    private static final int SIGNED_LENGTH = 48;
    private static final byte[] DOMAIN = "baton.checkpoint.1".getBytes(StandardCharsets.US_ASCII);

    /** A checkpoint read back: which SEAL it attests, when, and the head. */
    static final class Checkpoint {
        final int index;
        final long sealSequence;
        final long epochMillis;
        final byte[] head;

        Checkpoint(final int index, final long sealSequence, final long epochMillis, final byte[] head) {
            this.index = index;
            this.sealSequence = sealSequence;
            this.epochMillis = epochMillis;
            this.head = head;
        }

        String describe() {
            return "checkpoint " + index + " (signed " + Instant.ofEpochMilli(epochMillis) + ", attesting the SEAL at"
                + " sequence " + sealSequence + ")";
        }
    }

    /** The checkpoints of an anchor file, or what is wrong with it. */
    static final class Loaded {
        final List<Checkpoint> checkpoints = new ArrayList<>();
        String problem;
    }

    private final FileChannel channel;
    private final Signature signer;
    private final ByteBuffer entry = ByteBuffer.allocate(ENTRY_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final boolean force;

    CheckpointAnchor(final Path file, final PrivateKey key, final boolean force) {
        try {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
            this.signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open the checkpoint anchor " + file, e);
        } catch (final GeneralSecurityException e) {
            throw new IllegalArgumentException("the checkpoint key is not an Ed25519 private key: " + e.getMessage(), e);
        }
        this.force = force;
    }

    /** Signs and appends a checkpoint of the SEAL at {@code sealSequence}, whose head is {@code head}. */
    void append(final long sealSequence, final long epochMillis, final byte[] head) {
        entry.clear();
        entry.putLong(sealSequence).putLong(epochMillis).put(head);
        try {
            signer.update(DOMAIN);
            signer.update(entry.array(), 0, SIGNED_LENGTH);
            entry.put(signer.sign());
            entry.flip();
            while (entry.hasRemaining()) {
                channel.write(entry);
            }
            if (force) {
                channel.force(false);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot append to the checkpoint anchor", e);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot close the checkpoint anchor", e);
        }
    }

    /**
     * Reads and verifies every checkpoint of an anchor file. A missing file holds none. Stops at the
     * first checkpoint whose signature fails or whose sequence does not grow, and says so.
     */
    static Loaded read(final Path file, final PublicKey key) {
        final Loaded loaded = new Loaded();
        if (!Files.exists(file)) {
            return loaded;
        }
        try {
            return parse(Files.readAllBytes(file), String.valueOf(file), key);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint anchor " + file, e);
        }
    }

    /**
     * Verifies the checkpoints of an anchor's bytes (a torn last entry is ignored), as {@link #read} does.
     *
     * @param bytes the entries, back to back.
     * @param file  names where they come from, in messages.
     * @param key   the Ed25519 public key.
     */
    static Loaded parse(final byte[] bytes, final String file, final PublicKey key) {
        final Loaded loaded = new Loaded();
        final Signature verifier;
        try {
            verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
        } catch (final GeneralSecurityException e) {
            throw new IllegalArgumentException("the checkpoint key is not an Ed25519 public key: " + e.getMessage(), e);
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long last = -1;
        for (int i = 0; (i + 1) * ENTRY_LENGTH <= bytes.length; i++) {
            final int at = i * ENTRY_LENGTH;
            final long sequence = in.getLong(at);
            final long millis = in.getLong(at + 8);
            final byte[] head = new byte[32];
            System.arraycopy(bytes, at + 16, head, 0, 32);
            final Checkpoint c = new Checkpoint(i, sequence, millis, head);
            if (!signed(verifier, bytes, at)) {
                loaded.problem = "checkpoint " + i + " of " + file + " (byte " + at + "): its signature does not verify"
                    + " under the checkpoint public key: the anchor was altered, or signed by another key";
                return loaded;
            }
            if (sequence <= last) {
                loaded.problem = c.describe() + " of " + file + " does not follow checkpoint " + (i - 1)
                    + " (sequence " + last + "): the anchor's checkpoints were reordered";
                return loaded;
            }
            last = sequence;
            loaded.checkpoints.add(c);
        }
        return loaded;
    }

    private static boolean signed(final Signature verifier, final byte[] bytes, final int at) {
        try {
            verifier.update(DOMAIN);
            verifier.update(bytes, at, SIGNED_LENGTH);
            return verifier.verify(bytes, at + SIGNED_LENGTH, ENTRY_LENGTH - SIGNED_LENGTH);
        } catch (final java.security.SignatureException e) {
            return false;
        }
    }
}
