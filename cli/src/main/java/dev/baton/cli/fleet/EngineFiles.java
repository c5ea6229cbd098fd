package dev.baton.cli.fleet;

import dev.baton.engine.JournalTrust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Where one engine of a fleet directory keeps its files: {@code engine-N/} (the journal), {@code
 * engine-N.anchor} (signed checkpoints), {@code keys/engine-N.journal.key} (the journal key, 32 random
 * bytes), {@code keys/engine-N.warrant.key} (its portable warrants' HMAC key, 32 random bytes, shared with
 * the fleet's engines, which trust each other), {@code keys/engine-N.checkpoint.key} and {@code .pub} (the Ed25519 pair, PKCS#8 and X.509 DER),
 * {@code engine-N.log} (its demo report) and {@code engine-N.err} (its standard error).
 *
 * @param dir the fleet directory.
 * @param id  the engine id.
 */
record EngineFiles(Path dir, int id) {
    /** Prefix of an engine's journal directory. */
    static final String PREFIX = "engine-";

    Path journal() {
        return dir.resolve(PREFIX + id);
    }

    Path anchor() {
        return dir.resolve(PREFIX + id + ".anchor");
    }

    Path journalKey() {
        return dir.resolve("keys").resolve(PREFIX + id + ".journal.key");
    }

    Path privateKey() {
        return dir.resolve("keys").resolve(PREFIX + id + ".checkpoint.key");
    }

    Path publicKey() {
        return dir.resolve("keys").resolve(PREFIX + id + ".checkpoint.pub");
    }

    Path warrantKey() {
        return dir.resolve("keys").resolve(PREFIX + id + ".warrant.key");
    }

    Path log() {
        return dir.resolve(PREFIX + id + ".log");
    }

    Path err() {
        return dir.resolve(PREFIX + id + ".err");
    }

    /** Writes a fresh journal key and checkpoint key pair. */
    void writeKeys() {
        try {
            Files.createDirectories(journalKey().getParent());
            final byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.write(journalKey(), key);
            final byte[] warrant = new byte[32];
            new SecureRandom().nextBytes(warrant);
            Files.write(warrantKey(), warrant);
            final KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.write(privateKey(), pair.getPrivate().getEncoded());
            Files.write(publicKey(), pair.getPublic().getEncoded());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the keys of engine " + id, e);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is required of every JDK 15+", e);
        }
    }

    /** @return the auditor's trust: journal key and checkpoint public key. */
    JournalTrust trust() {
        return JournalTrust.none().journalKey(JournalTrust.readJournalKey(journalKey()))
            .checkpoints(anchor(), JournalTrust.readPublicKey(publicKey()));
    }
}
