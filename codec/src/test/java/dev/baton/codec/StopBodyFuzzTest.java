package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decoder of a STOP journal record's body. Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/StopBodyFuzzTestInputs/shouldDecodeOrRejectAnyStopBody/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/wire-format.md).
 */
class StopBodyFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyStopBody(final byte[] data) {
        FuzzChecks.checkStopBody(data);
    }
}
