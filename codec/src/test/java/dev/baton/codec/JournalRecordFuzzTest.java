package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the journal record decoder. Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/JournalRecordFuzzTestInputs/shouldDecodeOrRejectAnyJournalRecord/}; with {@code JAZZER_FUZZ=1} it fuzzes
 * (see docs/wire-format.md).
 */
class JournalRecordFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyJournalRecord(final byte[] data) {
        FuzzChecks.checkJournalRecord(data);
    }
}
