package dev.baton.core;

import dev.baton.ToolArguments;
import dev.baton.constraint.ArgumentType;
import dev.baton.constraint.Constraint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One constraint entry of a {@link ConstraintTable} as {@link ArgumentCheck} tests it on a call, decided
 * once at policy compile time so that a call pays only for the test it needs: a kind byte, switched on in
 * one final class (no dispatch through an interface), and what the kind reads:
 * <ul>
 * <li>{@link #NUMBER}: an integer or decimal carried at the declared scale, compared by the constraint.</li>
 * <li>{@link #ENUM}: which declared values satisfy the constraint is computed here, so the type check and
 *     the match are one look-up: a value of at most eight bytes is read as one word and looked up in a
 *     perfect hash of the allowed ones ({@link WordSet}); a longer one among the declared values.</li>
 * <li>{@link #TABLE}, {@link #IDENTIFIER_TABLE}: a regular expression compiled into a {@link ByteDfa};
 *     for an identifier the table also refuses any byte outside the identifier form, so only the length
 *     is checked apart.</li>
 * <li>{@link #STRING}: a string argument (any UTF-8 is of the type), matched by the constraint.</li>
 * <li>{@link #TYPED}: anything else: the type check, then the constraint.</li>
 * </ul>
 * {@link #passes} answers only whether a value surely passes; one that does not is checked again the
 * reference way ({@link ArgumentCheck#holds}), which says whether it is invalid or outside the constraint.
 * <p>
 * <b>Note:</b> immutable and thread-safe; {@link #passes} allocates nothing.
 */
final class ArgumentTest {
    static final byte NUMBER = 0;
    static final byte ENUM = 1;
    static final byte TABLE = 2;
    static final byte IDENTIFIER_TABLE = 3;
    static final byte STRING = 4;
    static final byte TYPED = 5;

    /** The bytes of the identifier form, as a 256-bit set. */
    private static final long[] IDENTIFIER_BYTES = identifierBytes();

    final int capability;
    final int argument;
    /** The argument's handle: the one {@link PolicyNames} hands out, so a call's key is it or not by identity. */
    final PolicyHandles.ArgumentHandle handle;
    /**
     * Where a call most likely carries the argument: its place among its tool's declared arguments (a
     * caller that sets them in declaration order puts it there).
     */
    final int position;
    final int rule;
    final ArgumentType type;
    final Constraint constraint;
    final byte kind;
    /** The declared scale of a number. */
    private final int scale;
    /** The table of a {@link #TABLE} or {@link #IDENTIFIER_TABLE} entry, else null. */
    private final ByteDfa table;
    /** For an {@link #ENUM} entry, bit {@code v} set when declared value {@code v} satisfies it; else null. */
    private final long[] enumAllowed;
    /** For an {@link #ENUM} entry, the allowed values of at most eight bytes; else (or if none was built) null. */
    private final WordSet enumShort;

    /**
     * @param handle   the argument's handle.
     * @param position the argument's place among its tool's declared arguments.
     * @param tables   one table per regular-expression constraint already compiled (an entry per capability
     *               of its tool shares it; an argument's constraint always has the argument's type).
     */
    ArgumentTest(final int capability, final PolicyHandles.ArgumentHandle handle, final int position, final int rule,
                 final ArgumentType type, final Constraint constraint, final Map<Constraint, ByteDfa> tables) {
        this.capability = capability;
        this.handle = handle;
        this.argument = handle.index;
        this.position = position;
        this.rule = rule;
        this.type = type;
        this.constraint = constraint;
        this.scale = type.scale();
        final boolean identifier = type.kind() == ArgumentType.Kind.IDENTIFIER;
        if (!type.numeric() && type.kind() != ArgumentType.Kind.ENUM && constraint.kind() == Constraint.Kind.REGEX) {
            table = tables.computeIfAbsent(constraint, c -> ByteDfa.compile(c.regexPattern(),
                identifier ? IDENTIFIER_BYTES : null));
        } else {
            table = null;
        }
        enumAllowed = type.kind() == ArgumentType.Kind.ENUM ? allowedValues(type, constraint) : null;
        if (enumAllowed != null) {
            final int[] lengths = shortAllowed(type, enumAllowed);
            enumShort = WordSet.of(words(type, enumAllowed, lengths.length), lengths);
        } else {
            enumShort = null;
        }
        if (type.numeric()) {
            kind = NUMBER;
        } else if (enumAllowed != null) {
            kind = ENUM;
        } else if (table != null) {
            kind = identifier ? IDENTIFIER_TABLE : TABLE;
        } else {
            kind = type.kind() == ArgumentType.Kind.STRING ? STRING : TYPED;
        }
    }

    /**
     * @param args the call's arguments.
     * @param i    the entry of {@code args} carrying this test's argument.
     * @return true when the value surely passes; false when the reference check must decide.
     */
    boolean passes(final ToolArguments args, final int i) {
        if (args.isNumber(i)) {
            return kind == NUMBER && args.scale(i) == scale && constraint.matches(args.number(i));
        }
        final byte[] b = args.buffer();
        final int off = args.offset(i);
        final int len = args.length(i);
        switch (kind) {
            case ENUM:
                final WordSet allowed = enumShort;
                return len <= Long.BYTES && allowed != null ? allowed.contains(ByteWords.word(b, off, len), len)
                    : isAllowed(b, off, len);
            case IDENTIFIER_TABLE:
                return len >= 1 && len <= ArgumentType.MAX_IDENTIFIER && table.matches(b, off, len);
            case TABLE:
                return table.matches(b, off, len);
            case STRING:
                return constraint.matches(b, off, len);
            default: // TYPED: the reference check's own condition (ArgumentCheck.holds)
                return type.validBytes(b, off, len) && constraint.matches(b, off, len);
        }
    }

    /** @return whether the value is a declared value that {@link #enumAllowed} lets through. */
    private boolean isAllowed(final byte[] b, final int off, final int len) {
        final int v = type.enumIndex(b, off, len);
        return v >= 0 && Bits.get(enumAllowed, 0, v);
    }

    /** @return the byte lengths of the values of {@code allowed} of at most eight bytes, in declaration order. */
    private static int[] shortAllowed(final ArgumentType type, final long[] allowed) {
        final int[] lengths = new int[type.values().size()];
        int k = 0;
        for (int v = 0; v < lengths.length; v++) {
            final int n = type.values().get(v).getBytes(StandardCharsets.UTF_8).length;
            if (Bits.get(allowed, 0, v) && n <= Long.BYTES) {
                lengths[k++] = n;
            }
        }
        return Arrays.copyOf(lengths, k);
    }

    /** @return the values of {@code allowed} of at most eight bytes as {@link ByteWords#word}s, in order. */
    private static long[] words(final ArgumentType type, final long[] allowed, final int count) {
        final long[] words = new long[count];
        int k = 0;
        for (int v = 0; v < type.values().size(); v++) {
            final byte[] b = type.values().get(v).getBytes(StandardCharsets.UTF_8);
            if (Bits.get(allowed, 0, v) && b.length <= Long.BYTES) {
                words[k++] = ByteWords.word(Arrays.copyOf(b, Long.BYTES), 0, b.length);
            }
        }
        return words;
    }

    /** @return the declared values of enum {@code type} that {@code c} lets through, as a bit set. */
    private static long[] allowedValues(final ArgumentType type, final Constraint c) {
        final long[] bits = new long[Bits.words(type.values().size())];
        for (int v = 0; v < type.values().size(); v++) {
            final byte[] b = type.values().get(v).getBytes(StandardCharsets.UTF_8);
            if (c.matches(b, 0, b.length)) {
                Bits.set(bits, 0, v);
            }
        }
        return bits;
    }

    /** @return the bytes {@link ArgumentType#validBytes} accepts in an identifier, as a 256-bit set. */
    static long[] identifierBytes() {
        final ArgumentType id = ArgumentType.identifier();
        final long[] set = new long[4];
        final byte[] one = new byte[1];
        for (int b = 0; b < 256; b++) {
            one[0] = (byte) b;
            if (id.validBytes(one, 0, 1)) {
                set[b >>> 6] |= 1L << b;
            }
        }
        return set;
    }
}
