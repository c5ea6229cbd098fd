package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decoder of a DECISION journal record's body. Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/DecisionBodyFuzzTestInputs/shouldDecodeOrRejectAnyDecisionBody/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/wire-format.md).
 */
class DecisionBodyFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyDecisionBody(final byte[] data) {
        FuzzChecks.checkDecisionBody(data);
    }
}
