package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the delegate request decoder. Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/DelegateRequestFuzzTestInputs/shouldDecodeOrRejectAnyDelegateRequest/}; with {@code JAZZER_FUZZ=1} it fuzzes
 * (see docs/wire-format.md).
 */
class DelegateRequestFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyDelegateRequest(final byte[] data) {
        FuzzChecks.checkDelegateRequest(data);
    }
}
