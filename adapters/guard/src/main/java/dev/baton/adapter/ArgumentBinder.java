package dev.baton.adapter;

import dev.baton.Argument;
import dev.baton.Policy;
import dev.baton.ToolArguments;
import dev.baton.constraint.ArgumentType;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fills a {@link ToolArguments} from a framework call's decoded arguments, under the names a
 * {@link ToolBinding} declares. Every declared argument is required: one the call lacks (absent or JSON
 * {@code null}) or carries with the wrong JSON type (a number for a string-like argument, anything but a number
 * for an integer or decimal, a number with more fraction digits than the declared scale, or out of range) is
 * a refusal naming it. Numbers are read exactly: a {@code Double} as the decimal it was parsed from.
 * <p>
 * <b>Note:</b> immutable and thread-safe; {@link #fill} allocates nothing for integers, doubles and strings of
 * a well-formed call (a {@code BigDecimal} or other number type, and a refusal, allocate).
 */
final class ArgumentBinder {
    /** The binder of a tool that declares no arguments. */
    static final ArgumentBinder NONE = new ArgumentBinder(new String[0], new Argument[0]);

    private static final double[] TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    private static final double EXACT = 0x1p53;

    private final String[] names;
    private final Argument[] arguments;

    private ArgumentBinder(final String[] names, final Argument[] arguments) {
        this.names = names;
        this.arguments = arguments;
    }

    /**
     * @param policy  the policy the arguments are declared in.
     * @param binding the tool's binding.
     * @return its binder.
     * @throws dev.baton.UnknownNameException if the policy declares no such argument for the tool.
     * @throws IllegalArgumentException       if two framework names map to one policy argument, or the
     *                                        binding maps more than {@link ToolArguments#MAX_ARGUMENTS}.
     */
    static ArgumentBinder of(final Policy policy, final ToolBinding binding) {
        final Map<String, String> declared = binding.arguments();
        if (declared.isEmpty()) {
            return NONE;
        }
        if (declared.size() > ToolArguments.MAX_ARGUMENTS) {
            throw new IllegalArgumentException("tool " + binding.tool() + " maps " + declared.size()
                + " arguments; a call carries at most " + ToolArguments.MAX_ARGUMENTS);
        }
        final String[] n = new String[declared.size()];
        final Argument[] a = new Argument[n.length];
        final Set<String> seen = new HashSet<>();
        int i = 0;
        for (final Map.Entry<String, String> e : declared.entrySet()) {
            if (!seen.add(e.getValue())) {
                throw new IllegalArgumentException("tool " + binding.tool() + " maps two arguments to '" + e.getValue() + "'");
            }
            n[i] = e.getKey();
            a[i++] = policy.argument(binding.tool(), e.getValue());
        }
        return new ArgumentBinder(n, a);
    }

    /**
     * @param values the call's arguments by framework name.
     * @param into   emptied, then given every declared argument.
     * @return null when every declared argument was set; else the refusal naming the first that is missing or
     *     not of its declared type.
     */
    ToolVerdict fill(final Map<String, ?> values, final ToolArguments into) {
        into.clear();
        for (int i = 0; i < names.length; i++) {
            final Object v = values.get(names[i]);
            final String problem;
            try {
                problem = v == null ? "is missing" : set(arguments[i], v, into);
            } catch (final IllegalStateException e) {
                return refused(i, e.getMessage()); // the call's strings exceed ToolArguments.MAX_BYTES
            }
            if (problem != null) {
                return refused(i, problem);
            }
        }
        return null;
    }

    private ToolVerdict refused(final int i, final String problem) {
        final Argument a = arguments[i];
        return ToolVerdict.refused(GuardCode.ARGUMENT_INVALID,
            "'" + names[i] + "' (" + a.name() + ", " + a.type().describe() + ") " + problem);
    }

    /** @return null when set, else what is wrong with the value. */
    private static String set(final Argument a, final Object v, final ToolArguments into) {
        final ArgumentType type = a.type();
        if (!type.numeric()) {
            if (!(v instanceof CharSequence s)) {
                return "must be a string, found " + kind(v);
            }
            into.string(a, s);
            return null;
        }
        if (!(v instanceof Number n)) {
            return "must be a number, found " + kind(v);
        }
        final int scale = type.scale();
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            into.decimal(a, n.longValue(), 0);
            return null;
        }
        if (n instanceof Double) {
            final double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return "must be a finite number";
            }
            final double unscaled = Math.rint(d * TEN[scale]);
            if (Math.abs(unscaled) < EXACT && unscaled / TEN[scale] == d) { // d is the double of that decimal
                into.decimal(a, (long) unscaled, scale);
                return null;
            }
        }
        return setExact(a, n, scale, into);
    }

    private static String setExact(final Argument a, final Number n, final int scale, final ToolArguments into) {
        BigDecimal b;
        try {
            b = n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
        } catch (final NumberFormatException e) {
            return "must be a finite number";
        }
        b = b.stripTrailingZeros();
        if (b.scale() > scale) {
            return scale == 0 ? "must be a whole number, found " + b.toPlainString()
                : "has more than " + scale + " fraction digits: " + b.toPlainString();
        }
        try {
            into.decimal(a, b.setScale(scale).unscaledValue().longValueExact(), scale);
            return null;
        } catch (final ArithmeticException e) {
            return "is out of range: " + b.toPlainString();
        }
    }

    private static String kind(final Object v) {
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof CharSequence) {
            return "a string";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof Iterable || v.getClass().isArray()) {
            return "an array";
        }
        return "a " + v.getClass().getSimpleName();
    }
}
