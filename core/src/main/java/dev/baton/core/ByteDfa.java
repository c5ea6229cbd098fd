package dev.baton.core;

import dev.baton.constraint.LinearRegex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LinearRegex} compiled once, at policy compile time, into a deterministic table over bytes:
 * the subset construction over its positions (each state is the set of live positions), with bytes
 * grouped into classes that move every state alike. Optionally intersected with a set of allowed bytes
 * (an identifier's): a byte outside it fails the value, so the type check and the match are one pass.
 * The table is laid out two bytes a step (a cell per state and pair of classes), so matching is one
 * dependent table look-up per two bytes, with no loop over live positions; the bytes every match must
 * start with ({@code ord-} of {@code ord-[0-9]+}) are compared first, without look-ups. A pattern whose
 * table would exceed {@link #MAX_STATES} states or {@link #MAX_CELLS} cells is not compiled
 * ({@link #compile} returns null) and is matched by {@link LinearRegex} itself.
 * <p>
 * <b>Note:</b> immutable and thread-safe once compiled; {@link #matches} allocates nothing.
 */
final class ByteDfa {
    /** Most states a table may hold. */
    static final int MAX_STATES = 256;
    /** Most cells (states times pairs of byte classes) a table may hold. */
    static final int MAX_CELLS = 1 << 14;
    /** Longest forced prefix compared before the table: one word. */
    static final int MAX_PREFIX = Long.BYTES;
    /** The state no value leaves once in it: offset 0 of the table. */
    private static final int DEAD = 0;

    /** By byte value: the offset of its class as the first of a pair in a state's block. */
    private final int[] firstOf;
    /** By byte value: its class as the second of a pair. */
    private final int[] secondOf;
    /** By state offset plus pair offset: the offset of the state two bytes (or one and the end) later. */
    private final int[] next;
    /** By state offset: whether a value ending there matches. */
    private final boolean[] acceptAt;
    /**
     * How many bytes every matching value starts with, read before the table: the start of the table's
     * path where each state refuses the end of the value and lets exactly one byte through.
     */
    private final int prefixLength;
    /** Those bytes as a {@link ByteWords#word}. */
    private final long prefixWord;
    /** The state offset after the prefix. */
    private final int afterPrefix;
    /** The second class that stands for the end of the value. */
    private final int end;

    private ByteDfa(final int[] firstOf, final int[] secondOf, final int[] next, final boolean[] acceptAt,
                    final byte[] prefix, final int afterPrefix, final int end) {
        this.firstOf = firstOf;
        this.secondOf = secondOf;
        this.next = next;
        this.acceptAt = acceptAt;
        this.prefixLength = prefix.length;
        this.prefixWord = ByteWords.word(Arrays.copyOf(prefix, Long.BYTES), 0, prefix.length);
        this.afterPrefix = afterPrefix;
        this.end = end;
    }

    /**
     * @param regex   the pattern.
     * @param allowed the bytes a value may hold, as four words of a 256-bit set (bit {@code b} of word
     *                {@code b >>> 6}), or null for every byte.
     * @return the table, or null when it would be larger than {@link #MAX_STATES} or {@link #MAX_CELLS}.
     */
    static ByteDfa compile(final LinearRegex regex, final long[] allowed) {
        final Map<Long, Integer> classIds = new HashMap<>();
        final List<Long> classMasks = new ArrayList<>();
        final int[] cls = new int[256];
        for (int b = 0; b < 256; b++) {
            final long mask = allowed == null || (allowed[b >>> 6] & 1L << b) != 0 ? regex.positionsOf(b) : 0;
            cls[b] = classIds.computeIfAbsent(mask, m -> {
                classMasks.add(m);
                return classMasks.size() - 1;
            });
        }
        final int classes = classMasks.size();
        // States: 0 dead, 1 start (before any byte), then each set of live positions reached.
        final List<Long> sets = new ArrayList<>(List.of(0L, 0L));
        final Map<Long, Integer> ids = new HashMap<>();
        ids.put(0L, DEAD);
        final List<int[]> rows = new ArrayList<>();
        for (int s = 0; s < sets.size(); s++) {
            if (sets.size() > MAX_STATES || (long) sets.size() * classes * (classes + 1) > MAX_CELLS) {
                return null;
            }
            final long reach = s == 1 ? regex.first() : followers(regex, sets.get(s));
            final int[] row = new int[classes];
            for (int k = 0; k < classes; k++) {
                final long to = reach & classMasks.get(k);
                Integer id = ids.get(to);
                if (id == null) {
                    id = sets.size();
                    ids.put(to, id);
                    sets.add(to);
                }
                row[k] = id;
            }
            rows.add(row);
        }
        return table(regex, sets, rows, cls, classes);
    }

    /**
     * Lays the states out two bytes a step: a state's block has one cell per pair of classes, the second
     * of which may be the end of the value (class {@code classes}), so a value is read two bytes per
     * dependent look-up. Offsets are state times block size.
     */
    private static ByteDfa table(final LinearRegex regex, final List<Long> sets, final List<int[]> rows,
                                 final int[] cls, final int classes) {
        final int n = sets.size();
        final int wide = classes + 1;
        final int block = classes * wide;
        if (n > MAX_STATES || (long) n * block > MAX_CELLS) {
            return null;
        }
        final int[] next = new int[n * block];
        final boolean[] acceptAt = new boolean[n * block];
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < classes; k++) {
                final int mid = rows.get(s)[k];
                for (int j = 0; j < classes; j++) {
                    next[s * block + k * wide + j] = rows.get(mid)[j] * block;
                }
                next[s * block + k * wide + classes] = mid * block;
            }
            acceptAt[s * block] = s == 1 ? regex.nullable() : s != DEAD && (sets.get(s) & regex.last()) != 0;
        }
        final int[] firstOf = new int[256];
        for (int b = 0; b < 256; b++) {
            firstOf[b] = cls[b] * wide;
        }
        final int[] after = new int[1];
        final byte[] prefix = forcedPrefix(regex, sets, rows, cls, after);
        return new ByteDfa(firstOf, cls, next, acceptAt, prefix, after[0] * block, classes);
    }

    /**
     * The forced start of every match: from the start state, while the state refuses the end of the value
     * and exactly one byte leads anywhere but the dead state, that byte (at most {@link #MAX_PREFIX}).
     *
     * @param after receives the state reached after the prefix.
     */
    private static byte[] forcedPrefix(final LinearRegex regex, final List<Long> sets, final List<int[]> rows,
                                       final int[] cls, final int[] after) {
        final byte[] bytes = new byte[MAX_PREFIX];
        int n = 0;
        int s = 1;
        while (n < MAX_PREFIX && !(s == 1 ? regex.nullable() : (sets.get(s) & regex.last()) != 0)) {
            int only = -1;
            for (int b = 0; b < 256; b++) {
                if (rows.get(s)[cls[b]] != DEAD) {
                    if (only >= 0) {
                        only = -2;
                        break;
                    }
                    only = b;
                }
            }
            if (only < 0) {
                break;
            }
            bytes[n++] = (byte) only;
            s = rows.get(s)[cls[only]];
        }
        after[0] = s;
        return Arrays.copyOf(bytes, n);
    }

    /** @return the positions that may follow any of {@code set}. */
    private static long followers(final LinearRegex regex, final long set) {
        long reach = 0;
        for (long c = set; c != 0; c &= c - 1) {
            reach |= regex.follow(Long.numberOfTrailingZeros(c));
        }
        return reach;
    }

    /**
     * @param value bytes.
     * @param off   first byte.
     * @param len   number of bytes.
     * @return whether the whole of {@code value[off, off + len)} matches and holds only allowed bytes.
     */
    boolean matches(final byte[] value, final int off, final int len) {
        final int p = prefixLength;
        if (len < p) {
            return false; // every state on the forced path refuses the end of the value
        }
        if (p > 0 && ByteWords.word(value, off, p) != prefixWord) {
            return false;
        }
        final int rest = len - p;
        return rest <= Long.BYTES ? matchesShort(ByteWords.word(value, off + p, rest), rest)
            : matchesLong(value, off + p, rest);
    }

    /**
     * The table walk over a rest of at most eight bytes, read as one word: at most four steps, without a
     * loop (a counted loop's setup costs more than the steps). The dead state leads only to itself and
     * never accepts, so no step tests for it.
     */
    private boolean matchesShort(final long word, final int rest) {
        final int[] t = next;
        final int[] a = firstOf;
        final int[] b = secondOf;
        long w = word;
        int s = afterPrefix;
        if (rest >= 2) {
            s = t[s + a[(int) w & 0xff] + b[(int) (w >>> 8) & 0xff]];
            w >>>= 16;
        }
        if (rest >= 4) {
            s = t[s + a[(int) w & 0xff] + b[(int) (w >>> 8) & 0xff]];
            w >>>= 16;
        }
        if (rest >= 6) {
            s = t[s + a[(int) w & 0xff] + b[(int) (w >>> 8) & 0xff]];
            w >>>= 16;
        }
        if (rest == Long.BYTES) {
            s = t[s + a[(int) w & 0xff] + b[(int) (w >>> 8) & 0xff]];
        } else if ((rest & 1) != 0) {
            s = t[s + a[(int) w & 0xff] + end];
        }
        return acceptAt[s];
    }

    /** The table walk over a rest of more than eight bytes, two bytes a step. */
    private boolean matchesLong(final byte[] value, final int from, final int rest) {
        final int[] t = next;
        final int[] a = firstOf;
        final int[] b = secondOf;
        int s = afterPrefix;
        int i = from;
        for (final int last = from + rest - 1; i < last; i += 2) {
            s = t[s + a[value[i] & 0xff] + b[value[i + 1] & 0xff]];
            if (s == DEAD) {
                return false;
            }
        }
        if (i < from + rest) {
            s = t[s + a[value[i] & 0xff] + end];
        }
        return acceptAt[s];
    }
}
