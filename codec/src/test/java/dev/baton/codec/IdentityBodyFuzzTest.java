package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decoder of an IDENTITY journal record's body. Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/IdentityBodyFuzzTestInputs/shouldDecodeOrRejectAnyIdentityBody/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/wire-format.md).
 */
class IdentityBodyFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyIdentityBody(final byte[] data) {
        FuzzChecks.checkIdentityBody(data);
    }
}
