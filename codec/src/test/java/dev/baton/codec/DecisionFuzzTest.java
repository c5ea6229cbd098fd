package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decision decoder. Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/DecisionFuzzTestInputs/shouldDecodeOrRejectAnyDecision/}; with {@code JAZZER_FUZZ=1} it fuzzes
 * (see docs/wire-format.md).
 */
class DecisionFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyDecision(final byte[] data) {
        FuzzChecks.checkDecision(data);
    }
}
