package dev.baton.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a journal reader checks the journal against, beyond its own structure: the journal key (the
 * engine's, or an auditor's it was given: every SEAL's mac is then checked), and an anchor of signed
 * checkpoints with the Ed25519 public key that verifies them (an auditor holding only the public key
 * finds a rewrite, a dropped or reordered record and a tail cut before the last checkpoint). See
 * docs/durability.md, "Tamper evidence".
 * <p>
 * <b>Note:</b> immutable once built; thread-safe. Holds a copy of the journal key: never log it.
 */
public final class JournalTrust {
    private static final JournalTrust NONE = new JournalTrust(null, null, null);

    private final byte[] journalKey;
    private final Path anchor;
    private final PublicKey checkpointKey;

    private JournalTrust(final byte[] journalKey, final Path anchor, final PublicKey checkpointKey) {
        this.journalKey = journalKey;
        this.anchor = anchor;
        this.checkpointKey = checkpointKey;
    }

    /** @return structure, CRCs, sequences and SEAL heads only: what anyone can check. */
    public static JournalTrust none() {
        return NONE;
    }

    /**
     * @param journalKey the journal key, at least 32 bytes (copied).
     * @return this trust, also checking every SEAL's mac under the key.
     */
    public JournalTrust journalKey(final byte[] journalKey) {
        if (journalKey.length < 32) {
            throw new IllegalArgumentException("a journal key must have at least 32 bytes, found " + journalKey.length);
        }
        return new JournalTrust(journalKey.clone(), anchor, checkpointKey);
    }

    /**
     * @param anchor        the checkpoint file the engine writes (outside the journal directory).
     * @param checkpointKey the Ed25519 public key of the engine's checkpoint key pair.
     * @return this trust, also checking the journal against every signed checkpoint.
     */
    public JournalTrust checkpoints(final Path anchor, final PublicKey checkpointKey) {
        return new JournalTrust(journalKey, Objects.requireNonNull(anchor, "anchor"),
            Objects.requireNonNull(checkpointKey, "checkpointKey"));
    }

    /**
     * Reads a journal key file: its raw bytes, at least 32 (for example 32 bytes from a secure random
     * source, readable by the engine's user only).
     *
     * @param file the key file.
     * @return the key.
     * @throws UncheckedIOException if it cannot be read.
     * @throws IllegalArgumentException if it holds fewer than 32 bytes.
     */
    public static byte[] readJournalKey(final Path file) {
        final byte[] key;
        try {
            key = Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the journal key file " + file, e);
        }
        if (key.length < 32) {
            Arrays.fill(key, (byte)0);
            throw new IllegalArgumentException("the journal key file " + file + " holds " + key.length
                + " bytes; at least 32 are needed");
        }
        return key;
    }

    /**
     * Reads an Ed25519 public key file: the X.509 encoding ({@code PublicKey.getEncoded()}, DER).
     *
     * @param file the key file.
     * @return the key.
     * @throws UncheckedIOException if it cannot be read.
     * @throws IllegalArgumentException if it does not hold an Ed25519 public key.
     */
    public static PublicKey readPublicKey(final Path file) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Files.readAllBytes(file)));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint public key file " + file, e);
        } catch (final GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " does not hold an X.509-encoded Ed25519 public key: "
                + e.getMessage(), e);
        }
    }

    /**
     * Reads an Ed25519 private key file: the PKCS#8 encoding ({@code PrivateKey.getEncoded()}, DER).
     *
     * @param file the key file (readable by the engine's user only).
     * @return the key.
     * @throws UncheckedIOException if it cannot be read.
     * @throws IllegalArgumentException if it does not hold an Ed25519 private key.
     */
    public static PrivateKey readPrivateKey(final Path file) {
        byte[] bytes = null;
        try {
            bytes = Files.readAllBytes(file);
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(bytes));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint private key file " + file, e);
        } catch (final GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " does not hold a PKCS#8-encoded Ed25519 private key", e);
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte)0);
            }
        }
    }

    byte[] journalKey() {
        return journalKey;
    }

    Path anchor() {
        return anchor;
    }

    PublicKey checkpointKey() {
        return checkpointKey;
    }
}
