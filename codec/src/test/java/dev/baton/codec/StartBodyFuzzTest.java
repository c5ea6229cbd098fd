package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decoder of a START journal record's body. Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/StartBodyFuzzTestInputs/shouldDecodeOrRejectAnyStartBody/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/wire-format.md).
 */
class StartBodyFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyStartBody(final byte[] data) {
        FuzzChecks.checkStartBody(data);
    }
}
