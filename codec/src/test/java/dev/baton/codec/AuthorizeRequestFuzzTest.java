package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the authorize request decoder. Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/AuthorizeRequestFuzzTestInputs/shouldDecodeOrRejectAnyAuthorizeRequest/}; with {@code JAZZER_FUZZ=1} it fuzzes
 * (see docs/wire-format.md).
 */
class AuthorizeRequestFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyAuthorizeRequest(final byte[] data) {
        FuzzChecks.checkAuthorizeRequest(data);
    }
}
