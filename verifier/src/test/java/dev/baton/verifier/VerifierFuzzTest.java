package dev.baton.verifier;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.baton.codec.WarrantKeyRing;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Fuzzes the offline verifier: any bytes, presented with a proof, give a reason and never an exception;
 * none but the genuine warrant is accepted. Under {@code ./mvnw verify} it replays the seeds in
 * {@code src/test/resources/dev/baton/verifier/VerifierFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class VerifierFuzzTest {
    private static final long[] CLOCK = {Warrants.NOW + 10};
    private static final WarrantKeyRing RING = Warrants.hmacRing();
    private static final byte[] GENUINE = Warrants.issue(RING, null);
    private static final OfflineVerifier VERIFIER = Warrants.verifier(RING, CLOCK).build();
    private static final Presentation CALL = new Presentation();
    private static final VerificationResult RESULT = new VerificationResult();
    private static final byte[] DIGEST = new byte[32];

    @FuzzTest(maxDuration = "10m")
    void shouldAnswerAReasonForAnyBytes(final byte[] data) {
        CALL.reset().holder(Warrants.READER).capability(Warrants.READ).proof(data, 0, data.length, DIGEST);
        final VerifyReason reason = VERIFIER.verify(data, 0, data.length, CALL, RESULT);
        if (!java.util.Arrays.equals(data, GENUINE)) {
            assertNotEquals(VerifyReason.OK, reason);
        }
    }
}
