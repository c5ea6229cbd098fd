package dev.baton.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the peers' policy texts from {@code /peers/} on the class path. */
final class PeerResources {
    private PeerResources() {
    }

    static String text(final String name) {
        try (InputStream in = PeerResources.class.getResourceAsStream("/peers/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource /peers/" + name + " not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
