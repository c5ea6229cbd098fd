package dev.baton.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HMAC from pad midstates on the JDK's SHA-256 equals javax.crypto.Mac's HmacSHA256. */
class HmacMidstateTest {
    /**
     * The build runs tests with java.base opened to Baton ({@code baton.jvm.flags}, as the launcher does), so
     * the midstate path must be there on every JDK this runs on; a JDK that moved the state fails here
     * rather than silently falling back to the slower HMAC.
     */
    @Test
    void shouldReachTheDigestStateWhenJavaBaseIsOpened() {
        assertNotNull(HmacMidstate.create(), "SHA-256 state not reachable on " + Runtime.version());
    }

    @Test
    void shouldFallBackWhenTurnedOff() {
        System.setProperty("baton.hmac.midstate", "false");
        try {
            assertNull(HmacMidstate.create());
            assertNull(WarrantKey.hmacSha256(1, secret(40)).innerState, "a key keeps no midstates without the path");
        } finally {
            System.clearProperty("baton.hmac.midstate");
        }
    }

    @Property(tries = 500)
    void shouldMatchTheJdkHmac(@ForAll @Size(min = 32, max = 100) final byte[] secret,
                               @ForAll @Size(max = 300) final byte[] message) throws Exception {
        final HmacPads pads = HmacPads.of(secret, 64, IdentityId.sha256());
        final int[][] states = HmacMidstate.midstates(pads.inner, pads.outer);
        final HmacMidstate h = HmacMidstate.create();
        final byte[] out = new byte[32];
        h.hmac(states[0], states[1], message, 0, message.length, out, 32);
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        assertArrayEquals(mac.doFinal(message), out, () -> Arrays.toString(message));
    }

    @Property(tries = 200)
    void shouldHashAnOffsetMessageOnlyWithinItsBounds(@ForAll @Size(max = 200) final byte[] message) throws Exception {
        final byte[] framed = new byte[message.length + 20];
        Arrays.fill(framed, (byte)0x5A);
        System.arraycopy(message, 0, framed, 7, message.length);
        final byte[] secret = secret(48);
        final HmacPads pads = HmacPads.of(secret, 64, IdentityId.sha256());
        final int[][] states = HmacMidstate.midstates(pads.inner, pads.outer);
        final byte[] out = new byte[16];
        HmacMidstate.create().hmac(states[0], states[1], framed, 7, message.length, out, 16);
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        assertArrayEquals(Arrays.copyOf(mac.doFinal(message), 16), out);
    }

    @Property(tries = 100)
    void shouldAcceptTheJdkTagAndRefuseEveryFlippedBitOfIt(@ForAll @Size(max = 600) final byte[] message)
        throws Exception {
        final byte[] secret = secret(33);
        final HmacPads pads = HmacPads.of(secret, 64, IdentityId.sha256());
        final int[][] states = HmacMidstate.midstates(pads.inner, pads.outer);
        final HmacMidstate h = HmacMidstate.create();
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        final byte[] tag = Arrays.copyOf(mac.doFinal(message), 16);
        assertTrue(h.verify(states[0], states[1], message, 0, message.length, tag, 0, 16));
        for (int bit = 0; bit < 128; bit++) {
            tag[bit >> 3] ^= (byte)(1 << (bit & 7));
            assertFalse(h.verify(states[0], states[1], message, 0, message.length, tag, 0, 16), "bit " + bit);
            tag[bit >> 3] ^= (byte)(1 << (bit & 7));
        }
    }

    private static byte[] secret(final int length) {
        final byte[] s = new byte[length];
        for (int i = 0; i < length; i++) {
            s[i] = (byte)(i * 13 + 1);
        }
        return s;
    }
}
