package dev.baton.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.baton.codec.JournalRecordLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes how a reader walks the records inside Chronicle documents: the records of a real engine journal,
 * with bytes the fuzzer chooses changed, are cut into documents where the fuzzer says (at record
 * boundaries or anywhere), written as a journal, and read with {@link JournalReader} (and its scan). A
 * journal is either read whole or reported broken with a {@link JournalProblem} and a message; nothing may
 * escape, and nothing unverified may be handed out. The records include a batch of decisions packed against
 * the one before them. Under {@code ./mvnw verify} it replays its inputs; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class JournalDocumentFuzzTest {
    /** The records of a small engine journal, SEALs included, one after the other. */
    private static final byte[] RECORDS = records();

    @FuzzTest(maxDuration = "10m")
    void shouldReadOrReportAnyCutAndChangeOfTheRecordsInDocuments(final byte[] data) throws IOException {
        final byte[] bytes = RECORDS.clone();
        int i = data.length > 0 ? 1 : 0;
        for (; i + 2 < data.length && i < 61; i += 3) { // up to 20 changed bytes: offset (u16), xor (u8)
            final int at = ((data[i] & 0xFF) << 8 | data[i + 1] & 0xFF) % bytes.length;
            bytes[at] ^= data[i + 2];
        }
        final List<byte[]> documents = cut(bytes, data.length > 0 ? data[0] & 0xFF : 0, data, i);
        final Path dir = Files.createTempDirectory("baton-journal-fuzz");
        try {
            JournalForgery.write(dir, documents);
            JournalScan.of(dir);
            final long[] delivered = {0};
            try (JournalReader reader = new JournalReader(dir)) {
                reader.read((sequence, type, body, offset, length) -> {
                    assertTrue(type != RecordType.SEAL, "a SEAL is never handed out as a record");
                    delivered[0]++;
                    return true;
                });
                if (reader.broken() != null) {
                    assertNotNull(reader.problem(), reader::broken);
                }
                assertTrue(delivered[0] <= reader.verified(), "nothing handed out past the last verified SEAL");
            }
        } finally {
            SnapshotTestFiles.delete(dir);
        }
    }

    @FuzzTest(maxDuration = "1s")
    void shouldReadTheUntouchedRecordsWhateverTheirDocuments(final byte[] data) throws IOException {
        final List<byte[]> documents = cut(RECORDS, data.length > 0 ? data[0] & 0x7F : 0, data, 1);
        final Path dir = Files.createTempDirectory("baton-journal-fuzz");
        try {
            JournalForgery.write(dir, documents);
            try (JournalReader reader = new JournalReader(dir)) {
                reader.read((sequence, type, body, offset, length) -> true);
                assertEquals(null, reader.broken(), "whole records read whole, however they are grouped");
                assertEquals(JournalForgery.records(dir).size(), reader.verified());
            }
        } finally {
            SnapshotTestFiles.delete(dir);
        }
    }

    /**
     * Cuts {@code bytes} into documents: below 128, after every {@code (how % 8) + 1} records (by their
     * headers, as far as they parse); from 128, at byte offsets taken from {@code data} after {@code from}.
     */
    private static List<byte[]> cut(final byte[] bytes, final int how, final byte[] data, final int from) {
        final List<Integer> ends = new ArrayList<>();
        if (how < 128) {
            int at = 0;
            int n = 0;
            for (final byte[] record : JournalForgery.split(bytes)) {
                at += record.length;
                if (++n % (how % 8 + 1) == 0) {
                    ends.add(at);
                }
            }
        } else {
            for (int i = from; i + 1 < data.length; i += 2) {
                ends.add(((data[i] & 0xFF) << 8 | data[i + 1] & 0xFF) % bytes.length);
            }
            ends.sort(Integer::compare);
        }
        ends.add(bytes.length);
        final List<byte[]> documents = new ArrayList<>();
        int start = 0;
        for (final int end : ends) {
            if (end > start) {
                documents.add(java.util.Arrays.copyOfRange(bytes, start, end));
                start = end;
            }
        }
        return documents;
    }

    private static byte[] records() {
        try {
            final Path dir = Files.createTempDirectory("baton-journal-fuzz-base");
            try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
                final int alice = engine.identity("user:alice@acme.example");
                final int planner = engine.identity("spiffe://acme.example/agent/planner");
                final Request r = new Request();
                for (int i = 0; i < 3; i++) {
                    r.reset(Request.Op.OPEN, i + 1).principal(alice).purpose(0).child(planner, EngineFixture.rootScope(POLICY));
                    assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
                }
                final RequestBatch batch = new RequestBatch(3); // one ring batch: decisions packed against the last
                for (int i = 3; i < 6; i++) {
                    batch.add(new Request().reset(Request.Op.OPEN, i + 1).principal(alice).purpose(0)
                        .child(planner, EngineFixture.rootScope(POLICY)));
                }
                assertEquals(JournaledEngine.Outcome.DONE, engine.decideAll(batch, 5, TimeUnit.SECONDS));
            }
            final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            boolean delta = false;
            for (final byte[] record : JournalForgery.records(dir)) {
                out.write(record);
                delta |= (record[JournalRecordLayout.FLAGS_OFFSET] & JournalRecordLayout.FLAG_DELTA) != 0;
            }
            assertTrue(delta, "the records to fuzz include one packed against the record before it");
            SnapshotTestFiles.delete(dir);
            return out.toByteArray();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
