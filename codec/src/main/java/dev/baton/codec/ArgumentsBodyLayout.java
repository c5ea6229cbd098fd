package dev.baton.codec;

/**
 * Body of an ARGUMENTS journal record: the typed tool arguments of one request, the budget slices its
 * children asked for, and the argument constraints their requested scopes asked for, written just before that request's DECISION record (same {@code requestId}) so that
 * replay and what-if re-check argument constraints and budgets exactly. Little-endian; versioned by the
 * enclosing record's {@code formatVersion}. A reader that does not know the type skips it.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                     requestId (i64)                           |  0
 *  +---------------+---------------+-------------------------------+
 *  | argumentCount | listCount     |        sliceCount (u16)       |  8
 *  +---------------+---------------+-------------------------------+
 *  |  argumentCount x argument:                                    | 12
 *  |    argument (u16) | scale (u8): 0..18 a number, 255 bytes     |
 *  |    number: value (i64)      bytes: length (u16), the bytes    |
 *  |  sliceCount x slice:                                          |
 *  |    child (u8) | budget (u8) | amount (i64)                    |
 *  |  listCount x requested constraints, children ascending:       |
 *  |    child (u8) | a constraint list (ConstraintsLayout), 1+ entry |
 *  +---------------------------------------------------------------+
 *  total at most 65536 bytes
 * </pre>
 *
 * An argument is the index of a declared argument under the policy in force when the request was decided;
 * a number is carried as given (unscaled value and scale), bytes as given (not necessarily UTF-8: the
 * decision checks that), so a replayed call is refused or allowed for the same reason as the live one. A
 * constraint list names arguments by the same indexes; {@code listCount} was a reserved zero byte before
 * requested constraints, so earlier bodies read unchanged.
 */
public final class ArgumentsBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 8;

    /** Offset of {@code requestId}. */
    public static final int REQUEST_ID_OFFSET = 0;
    /** Bytes of {@code requestId}. */
    public static final int REQUEST_ID_LENGTH = 8;
    /** Offset of {@code argumentCount}. */
    public static final int ARGUMENT_COUNT_OFFSET = 8;
    /** Bytes of {@code argumentCount}. */
    public static final int ARGUMENT_COUNT_LENGTH = 1;
    /** Offset of {@code listCount}: how many children's requested constraint lists follow the slices. */
    public static final int LIST_COUNT_OFFSET = 9;
    /** Bytes of {@code listCount}. */
    public static final int LIST_COUNT_LENGTH = 1;
    /** Offset of {@code sliceCount}. */
    public static final int SLICE_COUNT_OFFSET = 10;
    /** Bytes of {@code sliceCount}. */
    public static final int SLICE_COUNT_LENGTH = 2;

    /** Bytes of the fixed block, up to the first argument. */
    public static final int BLOCK_LENGTH = 12;
    /** Bytes of an argument's {@code argument} index. */
    public static final int ARGUMENT_LENGTH = 2;
    /** Bytes of an argument's {@code scale}. */
    public static final int SCALE_LENGTH = 1;
    /** Bytes of a number's {@code value}. */
    public static final int VALUE_LENGTH = 8;
    /** Bytes of a byte value's {@code byteLength}. */
    public static final int BYTE_LENGTH_LENGTH = 2;
    /** Bytes of a slice's {@code child}. */
    public static final int CHILD_LENGTH = 1;
    /** Bytes of a slice's {@code budget}. */
    public static final int BUDGET_LENGTH = 1;
    /** Bytes of a slice's {@code amount}. */
    public static final int AMOUNT_LENGTH = 8;
    /** Bytes of a constraint list's {@code listChild}. */
    public static final int LIST_CHILD_LENGTH = 1;
    /** Bytes of one slice. */
    public static final int SLICE_LENGTH = CHILD_LENGTH + BUDGET_LENGTH + AMOUNT_LENGTH;
    /** {@code scale} of an argument carried as bytes. */
    public static final int SCALE_BYTES = 255;
    /** Largest {@code scale} of a number. */
    public static final int MAX_SCALE = 18;
    /** Most arguments of one body. */
    public static final int MAX_ARGUMENTS = 16;
    /** Most bytes of all byte values of one body together. */
    public static final int MAX_BYTES = 4096;
    /** Most children of one body with a constraint list (a fan-out's width at most). */
    public static final int MAX_LISTS = 255;
    /** Smallest body: no argument, no slice. */
    public static final int MIN_LENGTH = BLOCK_LENGTH;
    /** Largest body: a journal record's largest body. */
    public static final int MAX_LENGTH = JournalRecordLayout.MAX_BODY_LENGTH;

    private ArgumentsBodyLayout() {
    }
}
