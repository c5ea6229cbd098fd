package dev.baton.core;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fixed set of values of at most eight bytes, each given as its {@link ByteWords#word} and length, in a
 * perfect hash table built once: a look-up is one multiplication, one shift and one slot compared, with
 * no loop and no probing. The length is mixed into the key (a word alone does not tell {@code "a"} from
 * {@code "a\0"}). The multiplier is searched at build time (deterministically) until every member has a
 * slot of its own, in tables of two to {@link #MAX_GROWTH} times twice as many slots as members; when none
 * is found, {@link #of} says so and the caller keeps its own look-up.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built; {@link #contains} allocates nothing.
 */
final class WordSet {
    private static final int TRIES_PER_SIZE = 64;
    /** How many times the table may double past its first size while searching. */
    static final int MAX_GROWTH = 4;
    /** Spreads a length over the key's bits. */
    private static final long LENGTH_MIX = 0x9E37_79B9_7F4A_7C15L;

    private final long multiplier;
    private final int shift;
    private final long[] words;
    /** By slot: the member's length, or -1 for an empty slot (no length matches it). */
    private final int[] lengths;

    private WordSet(final long multiplier, final int shift, final long[] words, final int[] lengths) {
        this.multiplier = multiplier;
        this.shift = shift;
        this.words = words;
        this.lengths = lengths;
    }

    /**
     * @param members their words.
     * @param length  their lengths in bytes, 0..8 (members are distinct as word and length together).
     * @return the set, or null when no multiplier was found.
     */
    static WordSet of(final long[] members, final int[] length) {
        final SplittableRandom random = new SplittableRandom(0x5eed_ba70L);
        final int first = 64 - Long.numberOfLeadingZeros(Math.max(2L, 2L * members.length) - 1);
        for (int bits = first; bits <= first + MAX_GROWTH; bits++) {
            for (int t = 0; t < TRIES_PER_SIZE; t++) {
                final long m = random.nextLong() | 1;
                final WordSet set = tryBuild(members, length, m, bits);
                if (set != null) {
                    return set;
                }
            }
        }
        return null;
    }

    /** @return the set with multiplier {@code m} over {@code 2^bits} slots, or null when two members collide. */
    private static WordSet tryBuild(final long[] members, final int[] length, final long m, final int bits) {
        final long[] words = new long[1 << bits];
        final int[] lengths = new int[1 << bits];
        Arrays.fill(lengths, -1);
        for (int k = 0; k < members.length; k++) {
            final int slot = (int) (((members[k] ^ length[k] * LENGTH_MIX) * m) >>> (64 - bits));
            if (lengths[slot] >= 0 && !(words[slot] == members[k] && lengths[slot] == length[k])) {
                return null;
            }
            words[slot] = members[k];
            lengths[slot] = length[k];
        }
        return new WordSet(m, 64 - bits, words, lengths);
    }

    /**
     * @param word   a value's {@link ByteWords#word}.
     * @param length its length in bytes.
     * @return whether it is a member.
     */
    boolean contains(final long word, final int length) {
        final int slot = (int) (((word ^ length * LENGTH_MIX) * multiplier) >>> shift);
        return words[slot] == word && lengths[slot] == length;
    }
}
