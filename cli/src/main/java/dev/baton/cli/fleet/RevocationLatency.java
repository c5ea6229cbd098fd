package dev.baton.cli.fleet;

import dev.baton.fleet.RevocationFeed;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * An engine's share of the fleet-wide revocation latency: for each revocation another engine made, the
 * time from its decision there ({@code revokedAt}, that engine's clock) to this engine's feed applying
 * it (this engine's clock; the demo's engines share one machine, so one clock). Each revocation counts
 * once, the first time it is applied.
 * <p>
 * <b>Note:</b> thread-safe (synchronized); allocates per revocation (the set of those seen).
 */
final class RevocationLatency implements RevocationFeed.Listener {
    private final int self;
    private final Histogram millis = new Histogram(3_600_000L, 3);
    private final Set<Long> seen = new HashSet<>();

    RevocationLatency(final int self) {
        this.self = self;
    }

    @Override
    public synchronized void onRevocation(final int engineId, final long grantId, final long expiresAt,
                                          final long revokedAt) {
        if (engineId == self || !seen.add(((long)engineId << 48) ^ grantId)) {
            return;
        }
        millis.recordValue(Math.min(3_600_000L, Math.max(0, System.currentTimeMillis() - revokedAt)));
    }

    /** @return revocations of other engines applied here. */
    synchronized long count() {
        return millis.getTotalCount();
    }

    /** @return the histogram, compressed and in base64 (one token on a line). */
    synchronized String encoded() {
        final ByteBuffer buffer = ByteBuffer.allocate(millis.getNeededByteBufferCapacity());
        final int n = millis.encodeIntoCompressedByteBuffer(buffer);
        final byte[] bytes = new byte[n];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** @return a histogram decoded from {@link #encoded()}. */
    static Histogram decode(final String encoded) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
        } catch (final java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }
}
