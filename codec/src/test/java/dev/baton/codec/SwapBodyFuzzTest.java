package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decoder of a SWAP journal record's body. Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/SwapBodyFuzzTestInputs/shouldDecodeOrRejectAnySwapBody/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/wire-format.md).
 */
class SwapBodyFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnySwapBody(final byte[] data) {
        FuzzChecks.checkSwapBody(data);
    }
}
