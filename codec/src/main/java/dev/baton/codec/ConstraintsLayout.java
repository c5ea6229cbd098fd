package dev.baton.codec;

/**
 * A compact, self-delimiting list of argument constraints, for a warrant (or a journal body) to embed:
 * the constraints a grant carries on its tools' typed arguments. Little-endian. It has no version byte:
 * the enclosing message versions it. Strings are UTF-8; numbers are carried values (a decimal's unscaled
 * value at its declared scale). A value must meet every entry on its argument: two owners (an agent's
 * ceiling and a purpose's) may each constrain the same argument, so equal (argument, kind) keys may repeat.
 *
 * <pre>
 *  count (u8, 0..16)
 *  count entries, in non-decreasing (argument, kind) order:
 *    argument (u16)   the argument's index in the policy's declaration order
 *    kind (u8)        1 EXACT_NUMBER  i64
 *                     2 ONE_OF_NUMBER n (u8, 2..64), n x i64 strictly ascending
 *                     3 RANGE         low i64, high i64, low &lt;= high
 *                     4 EXACT_TEXT    text
 *                     5 ONE_OF_TEXT   n (u8, 2..64), n x text, each distinct
 *                     6 PREFIX        text
 *                     7 GLOB          text
 *                     8 REGEX         text
 *    where text = length (u16, 0..1024), UTF-8 bytes (well formed)
 *  total at most 4096 bytes
 * </pre>
 * Whether a glob or a regular expression is in the language's form is the policy's to check when it
 * turns the entries back into constraints; the layout only guarantees well-formed, bounded fields.
 */
public final class ConstraintsLayout {
    /** Most entries. */
    public static final int MAX_ENTRIES = 16;
    /** Most values of a one-of entry. */
    public static final int MAX_VALUES = 64;
    /** Most bytes of one text. */
    public static final int MAX_TEXT = 1024;
    /** Most bytes of the whole list. */
    public static final int MAX_LENGTH = 4096;

    /** Kind of an exact number. */
    public static final int EXACT_NUMBER = 1;
    /** Kind of a set of numbers. */
    public static final int ONE_OF_NUMBER = 2;
    /** Kind of a range of numbers. */
    public static final int RANGE = 3;
    /** Kind of an exact text. */
    public static final int EXACT_TEXT = 4;
    /** Kind of a set of texts. */
    public static final int ONE_OF_TEXT = 5;
    /** Kind of a prefix. */
    public static final int PREFIX = 6;
    /** Kind of a glob. */
    public static final int GLOB = 7;
    /** Kind of a regular expression. */
    public static final int REGEX = 8;

    /** Offset of {@code count}. */
    public static final int COUNT_OFFSET = 0;
    /** Bytes of {@code count}. */
    public static final int COUNT_LENGTH = 1;
    /** Bytes of the fixed block: the count. */
    public static final int BLOCK_LENGTH = 1;
    /** Smallest list: no entry. */
    public static final int MIN_LENGTH = BLOCK_LENGTH;
    /** Bytes of an entry's {@code argument}. */
    public static final int ARGUMENT_LENGTH = 2;
    /** Bytes of an entry's {@code kind}. */
    public static final int KIND_LENGTH = 1;
    /** Bytes of a number value. */
    public static final int NUMBER_LENGTH = 8;
    /** Bytes of a one-of entry's {@code valueCount}. */
    public static final int VALUE_COUNT_LENGTH = 1;
    /** Bytes of a text's {@code textLength} prefix. */
    public static final int TEXT_LENGTH_LENGTH = 2;
    /** Bytes of an entry's header: argument (u16) and kind (u8). */
    public static final int ENTRY_HEADER_LENGTH = ARGUMENT_LENGTH + KIND_LENGTH;

    private ConstraintsLayout() {
    }
}
