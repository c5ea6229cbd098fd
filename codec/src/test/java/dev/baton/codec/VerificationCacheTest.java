package dev.baton.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerificationCacheTest {
    private final Object key = new Object();

    @Property
    void shouldHitOnlyTheSameBytesUnderTheSameKey(@ForAll @Size(min = 8, max = 300) final byte[] warrant,
                                                  @ForAll @IntRange(min = 0, max = 299) final int flip,
                                                  @ForAll @IntRange(min = 0, max = 7) final int bit) {
        final VerificationCache cache = new VerificationCache(16, 300);
        final byte[] padded = new byte[warrant.length + 5];
        System.arraycopy(warrant, 0, padded, 5, warrant.length);
        assertFalse(cache.contains(padded, 5, warrant.length, key));
        cache.put(padded, 5, warrant.length, key);
        assertTrue(cache.contains(warrant, 0, warrant.length, key), "the same bytes at another offset");
        assertFalse(cache.contains(warrant, 0, warrant.length, new Object()), "another key");
        final byte[] changed = Arrays.copyOf(warrant, warrant.length);
        changed[flip % warrant.length] ^= (byte)(1 << bit);
        assertFalse(cache.contains(changed, 0, changed.length, key), "one bit changed");
        if (warrant.length > 8) {
            assertFalse(cache.contains(warrant, 1, warrant.length - 1, key), "a shorter run of the same bytes");
        }
    }

    @Test
    void shouldNeverCacheWhatDoesNotFitASlotNorAnythingWithoutSlots() {
        final byte[] warrant = new byte[64];
        Arrays.fill(warrant, (byte)7);
        final VerificationCache narrow = new VerificationCache(4, 32);
        narrow.put(warrant, 0, 64, key);
        assertFalse(narrow.contains(warrant, 0, 64, key));
        final VerificationCache none = new VerificationCache(0, 64);
        none.put(warrant, 0, 64, key);
        assertFalse(none.contains(warrant, 0, 64, key));
    }

    @Test
    void shouldEvictTheSlotsLastOccupant() {
        final VerificationCache one = new VerificationCache(1, 64);
        final byte[] a = new byte[40];
        final byte[] b = new byte[40];
        Arrays.fill(a, (byte)1);
        Arrays.fill(b, (byte)2);
        one.put(a, 0, 40, key);
        one.put(b, 0, 40, key);
        assertFalse(one.contains(a, 0, 40, key));
        assertTrue(one.contains(b, 0, 40, key));
    }

    @Test
    void shouldRefuseBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new VerificationCache(3, 64));
        assertThrows(IllegalArgumentException.class, () -> new VerificationCache(-1, 64));
        assertThrows(IllegalArgumentException.class, () -> new VerificationCache(1 << 17, 64));
        assertEquals("cache stride=4: from 8 to 65536 bytes",
            assertThrows(IllegalArgumentException.class, () -> new VerificationCache(4, 4)).getMessage());
    }
}
