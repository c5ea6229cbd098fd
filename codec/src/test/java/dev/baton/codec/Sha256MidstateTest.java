package dev.baton.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** HMAC from pad midstates equals javax.crypto.Mac's HmacSHA256 for any key and message length. */
class Sha256MidstateTest {
    @Property(tries = 500)
    void shouldMatchTheJdkHmac(@ForAll @Size(min = 32, max = 100) final byte[] secret,
                               @ForAll @Size(max = 300) final byte[] message) throws Exception {
        final byte[] k = new byte[64];
        System.arraycopy(secret.length > 64 ? java.security.MessageDigest.getInstance("SHA-256").digest(secret) : secret,
            0, k, 0, Math.min(secret.length > 64 ? 32 : secret.length, 64));
        final byte[] ipad = new byte[64];
        final byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            ipad[i] = (byte)(k[i] ^ 0x36);
            opad[i] = (byte)(k[i] ^ 0x5C);
        }
        final byte[] out = new byte[32];
        new Sha256Midstate().hmac(Sha256Midstate.midstate(ipad), Sha256Midstate.midstate(opad), message, 0,
            message.length, out, 32);
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        assertArrayEquals(mac.doFinal(message), out, () -> Arrays.toString(message));
    }
}
