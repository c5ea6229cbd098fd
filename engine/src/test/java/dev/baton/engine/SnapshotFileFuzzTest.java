package dev.baton.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.baton.core.ManualClock;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fuzzes the snapshot reader behind its digest: the fuzzer's bytes become a snapshot's sections, framed
 * with a valid header and digest, so that every section decoder and the core's import see them. A
 * snapshot is either loaded or refused with an {@link IllegalStateException} naming why; nothing else
 * may escape. Under {@code ./mvnw verify} it replays its inputs; with {@code JAZZER_FUZZ=1} it fuzzes.
 */
class SnapshotFileFuzzTest {
    /** Registry sizes beyond this are left to the engine's configuration; the fuzzer is not to allocate them. */
    private static final int MAX_FUZZED_SLOTS = 1 << 16;

    @FuzzTest(maxDuration = "10m")
    void shouldLoadOrRefuseAnySnapshot(final byte[] data) {
        final int body = data.length & ~7;
        final byte[] file = new byte[SnapshotFile.HEADER_LENGTH + body + SnapshotFile.TRAILER_LENGTH];
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, SnapshotFile.MAGIC).putShort(8, (short) SnapshotFile.FORMAT_VERSION)
            .putInt(12, SnapshotFile.HEADER_LENGTH).putLong(16, body);
        System.arraycopy(data, 0, file, SnapshotFile.HEADER_LENGTH, body);
        System.arraycopy(SnapshotFile.sha256(file, SnapshotFile.HEADER_LENGTH + body), 0, file,
            SnapshotFile.HEADER_LENGTH + body, 32);
        try {
            final Snapshot s = SnapshotFile.read(file, null);
            final org.agrona.concurrent.UnsafeBuffer bytes = new org.agrona.concurrent.UnsafeBuffer(file);
            if (s.restorer.settings(bytes, null).initialGrants() <= MAX_FUZZED_SLOTS
                && s.restorer.identityCapacity(bytes) <= MAX_FUZZED_SLOTS) {
                s.restore(new ManualClock(0), null);
            }
        } catch (final IllegalStateException refused) {
            // a refused snapshot: what the engine reports, and passes over
        }
    }
}
