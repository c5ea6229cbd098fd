package dev.baton.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@link WordSet} holds exactly its members: for random sets of 0 to 40 values of 0 to 8 bytes (few
 * distinct bytes, so that values share prefixes, and values ending in zero bytes, whose word equals a
 * shorter value's), every member is found and no other value of 0 to 8 bytes tried is.
 */
class WordSetTest {
    @Property(tries = 300)
    void shouldHoldExactlyItsMembers(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final Set<String> members = new HashSet<>();
        final int n = rnd.nextInt(41);
        while (members.size() < n) {
            members.add(value(rnd));
        }
        final long[] words = new long[n];
        final int[] lengths = new int[n];
        int k = 0;
        for (final String m : members) {
            words[k] = ByteWords.word(bytes(m), 0, m.length());
            lengths[k++] = m.length();
        }
        final WordSet set = WordSet.of(words, lengths);
        assertNotNull(set, () -> "no perfect hash for " + members);
        for (final String m : members) {
            assertEquals(true, set.contains(ByteWords.word(bytes(m), 0, m.length()), m.length()), m);
        }
        for (int i = 0; i < 500; i++) {
            final String v = value(rnd);
            assertEquals(members.contains(v), set.contains(ByteWords.word(bytes(v), 0, v.length()), v.length()),
                () -> "'" + v + "' among " + members);
        }
    }

    /** A value of 0 to 8 bytes over {@code a}, {@code b} and the zero byte. */
    private static String value(final Random rnd) {
        final StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(9); i > 0; i--) {
            sb.append("ab\0".charAt(rnd.nextInt(3)));
        }
        return sb.toString();
    }

    private static byte[] bytes(final String s) {
        final byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
