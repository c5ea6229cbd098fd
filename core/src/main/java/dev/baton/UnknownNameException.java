package dev.baton;

import java.util.Objects;

/**
 * A name looked up in a compiled policy (a capability, data class, purpose, agent, trust domain, rule,
 * review rule, break-glass rule or tool) that the policy does not declare. Look-ups throw this rather
 * than return a sentinel index, so a misspelt name can never reach a decision as "none".
 * <p>
 * The message names the kind, the name, the policy file and, when one is close, the nearest declared
 * name: {@code unknown data class 'customer-pii' in policy p.yaml (did you mean 'customer_pii'?)}.
 * <p>
 * <b>Note:</b> immutable. Thrown at set-up time only (binding names), never on the decision path.
 */
public final class UnknownNameException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String name;
    private final String suggestion;

    /**
     * @param kind       what was looked up, e.g. {@code data class}.
     * @param name       the name that is not declared.
     * @param file       the policy file, for the message.
     * @param suggestion the nearest declared name, or null.
     */
    public UnknownNameException(final String kind, final String name, final String file, final String suggestion) {
        super("unknown " + kind + " '" + name + "' in policy " + file
            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"));
        this.kind = Objects.requireNonNull(kind);
        this.name = name;
        this.suggestion = suggestion;
    }

    /**
     * Builds the exception, suggesting the candidate nearest to {@code name} if it is close enough.
     *
     * @param candidates the names the policy declares for this kind.
     */
    public static UnknownNameException of(final String kind, final String name, final String file,
                                   final Iterable<String> candidates) {
        return new UnknownNameException(kind, name, file, nearest(name, candidates));
    }

    /** @return what was looked up, e.g. {@code data class}. */
    public String kind() {
        return kind;
    }

    /** @return the name that is not declared. */
    public String name() {
        return name;
    }

    /** @return the nearest declared name, or null when none is close. */
    public String suggestion() {
        return suggestion;
    }

    /**
     * @return the candidate with the smallest edit distance to {@code name}, if that distance is at most
     *     a third of the name's length (and at least 1, at most 3); else null.
     */
    public static String nearest(final String name, final Iterable<String> candidates) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        final int limit = Math.max(1, Math.min(3, name.length() / 3));
        String best = null;
        int bestDistance = limit + 1;
        for (final String c : candidates) {
            final int d = distance(name, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance, where a case-only or '-'/'_' difference counts as a cheap (zero-cost) edit. */
    private static int distance(final String a, final String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                final int substitute = previous[j - 1] + (alike(a.charAt(i - 1), b.charAt(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] t = previous;
            previous = current;
            current = t;
        }
        final int d = previous[b.length()];
        return d == 0 && !a.equals(b) ? 1 : d; // a near-identical spelling is still a distance of one
    }

    private static boolean alike(final char x, final char y) {
        return Character.toLowerCase(x) == Character.toLowerCase(y) || (isSeparator(x) && isSeparator(y));
    }

    private static boolean isSeparator(final char c) {
        return c == '-' || c == '_' || c == '.';
    }
}
