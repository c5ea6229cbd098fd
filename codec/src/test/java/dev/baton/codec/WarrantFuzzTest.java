package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the warrant decoder. Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/WarrantFuzzTestInputs/shouldDecodeOrRejectAnyWarrant/}; with {@code JAZZER_FUZZ=1} it fuzzes
 * (see docs/wire-format.md).
 */
class WarrantFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyWarrant(final byte[] data) {
        FuzzChecks.checkWarrant(data);
    }
}
