package dev.baton.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled identity pattern: a SPIFFE ID pattern for agents or a principal pattern for humans and
 * services. This is the only place patterns are matched, and it runs when an identity is first seen,
 * never per decision.
 * <p>
 * Identities and patterns are split on {@code '/'} (a SPIFFE ID's path; a principal's part after
 * {@code kind:}). A pattern segment {@code **} matches one or more whole segments; {@code *} matches
 * exactly one non-empty segment; a segment holding {@code *} among other characters is a glob within
 * the segment ({@code *} = any run of characters, possibly empty, never {@code '/'}); other segments
 * match literally. The SPIFFE trust domain and the principal kind always match literally.
 * <ul>
 * <li>SPIFFE: {@code spiffe://<trust-domain>/<path>}; the trust domain is literal ({@code a-z 0-9 . - _}),
 * at least one path segment, no empty, {@code .} or {@code ..} segments, segment characters
 * {@code A-Z a-z 0-9 . - _} and {@code *}, {@code **} only as a whole segment and never next to another
 * {@code **}. An identity that is not a well-formed SPIFFE ID never matches.</li>
 * <li>Principal: {@code kind:rest} ({@code user:*@acme.example}, {@code service:billing/*}); a literal
 * kind ({@code A-Z a-z 0-9 . - _}, starting with a letter), a non-empty rest without whitespace or
 * empty segments, the same {@code **} rules. An identity holding whitespace or empty segments never
 * matches.</li>
 * </ul>
 * <p>
 * <b>Note:</b> immutable and thread-safe. Compiling allocates; {@link #matches(String)} allocates the
 * identity's segment list and a row table proportional to its length.
 */
public final class IdentityPattern {
    private static final String SCHEME = "spiffe://";
    private static final int MAX_LENGTH = 2048;
    private static final String SPIFFE_FORM = "expected spiffe://<trust-domain>/<path>";
    private static final String PRINCIPAL_FORM = "expected kind:rest (e.g. user:*@acme.example)";

    private static final byte LITERAL = 0;
    private static final byte ONE = 1;
    private static final byte MANY = 2;
    private static final byte GLOB = 3;

    private final String pattern;
    private final String trustDomain;
    private final String kind;
    private final byte[] types;
    private final String[] literals;
    private final String[][] globs;

    private IdentityPattern(final String pattern, final String trustDomain, final String kind,
                            final List<String> segments) {
        this.pattern = pattern;
        this.trustDomain = trustDomain;
        this.kind = kind;
        final int n = segments.size();
        this.types = new byte[n];
        this.literals = new String[n];
        this.globs = new String[n][];
        for (int i = 0; i < n; i++) {
            final String s = segments.get(i);
            literals[i] = s;
            if ("**".equals(s)) {
                types[i] = MANY;
            } else if ("*".equals(s)) {
                types[i] = ONE;
            } else if (s.indexOf('*') >= 0) {
                types[i] = GLOB;
                globs[i] = s.split("\\*", -1);
            } else {
                types[i] = LITERAL;
            }
        }
    }

    /**
     * Compiles an agent pattern.
     *
     * @param pattern {@code spiffe://<trust-domain>/<path>} with wildcards in the path.
     * @return the compiled pattern.
     * @throws IllegalArgumentException saying which rule the pattern breaks.
     */
    public static IdentityPattern spiffe(final String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException(SPIFFE_FORM + ", found an empty string");
        }
        if (pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(SPIFFE_FORM + "; at most " + MAX_LENGTH + " characters");
        }
        if (!pattern.startsWith(SCHEME)) {
            throw new IllegalArgumentException(SPIFFE_FORM + "; it must start with 'spiffe://'");
        }
        final int slash = pattern.indexOf('/', SCHEME.length());
        final String domain = pattern.substring(SCHEME.length(), slash < 0 ? pattern.length() : slash);
        if (domain.indexOf('*') >= 0) {
            throw new IllegalArgumentException(SPIFFE_FORM + "; the trust domain must be literal (no '*')");
        }
        if (!isTrustDomain(domain)) {
            throw new IllegalArgumentException(SPIFFE_FORM
                + "; the trust domain must be non-empty and hold only a-z, 0-9, '.', '-' and '_'");
        }
        if (slash < 0 || slash == pattern.length() - 1) {
            throw new IllegalArgumentException(SPIFFE_FORM + "; at least one path segment is required");
        }
        final List<String> segments = split(pattern.substring(slash + 1));
        if (segments == null) {
            throw new IllegalArgumentException(SPIFFE_FORM + "; empty path segments are not allowed");
        }
        for (final String s : segments) {
            if (".".equals(s) || "..".equals(s)) {
                throw new IllegalArgumentException(SPIFFE_FORM + "; '.' and '..' segments are not allowed");
            }
            for (int i = 0; i < s.length(); i++) {
                final char c = s.charAt(i);
                if (!isPathChar(c) && c != '*') {
                    throw new IllegalArgumentException(SPIFFE_FORM
                        + "; path segments may hold only A-Z, a-z, 0-9, '.', '-', '_' and '*', found '" + c + "'");
                }
            }
        }
        checkStars(segments, SPIFFE_FORM);
        return new IdentityPattern(pattern, domain, null, segments);
    }

    /**
     * Compiles a principal pattern ({@code opened_by}, {@code reviewers}, {@code who}).
     *
     * @param pattern {@code kind:rest} with wildcards in the rest.
     * @return the compiled pattern.
     * @throws IllegalArgumentException saying which rule the pattern breaks.
     */
    public static IdentityPattern principal(final String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException(PRINCIPAL_FORM + ", found an empty string");
        }
        if (pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(PRINCIPAL_FORM + "; at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < pattern.length(); i++) {
            if (isSpaceOrControl(pattern.charAt(i))) {
                throw new IllegalArgumentException(PRINCIPAL_FORM + "; whitespace is not allowed");
            }
        }
        final int colon = pattern.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(PRINCIPAL_FORM + "; the ':' after the kind is missing");
        }
        final String kind = pattern.substring(0, colon);
        if (!isKind(kind)) {
            throw new IllegalArgumentException(PRINCIPAL_FORM
                + "; the kind before ':' must be a literal name (a letter, then A-Z, a-z, 0-9, '.', '-', '_')");
        }
        if (colon == pattern.length() - 1) {
            throw new IllegalArgumentException(PRINCIPAL_FORM + "; the part after ':' must not be empty");
        }
        final List<String> segments = split(pattern.substring(colon + 1));
        if (segments == null) {
            throw new IllegalArgumentException(PRINCIPAL_FORM + "; empty '/' segments are not allowed");
        }
        checkStars(segments, PRINCIPAL_FORM);
        return new IdentityPattern(pattern, null, kind, segments);
    }

    /**
     * @param spiffeId an identity.
     * @return the trust domain (host part) of a well-formed SPIFFE ID, or {@code null} if it is not one.
     */
    public static String trustDomainOf(final String spiffeId) {
        if (spiffeId == null || spiffeId.length() > MAX_LENGTH || !spiffeId.startsWith(SCHEME)) {
            return null;
        }
        final int slash = spiffeId.indexOf('/', SCHEME.length());
        final String domain = spiffeId.substring(SCHEME.length(), slash < 0 ? spiffeId.length() : slash);
        if (!isTrustDomain(domain)) {
            return null;
        }
        if (slash < 0) {
            return domain;
        }
        int start = slash + 1;
        while (true) {
            final int next = spiffeId.indexOf('/', start);
            final int end = next < 0 ? spiffeId.length() : next;
            if (!isPathSegment(spiffeId, start, end)) {
                return null;
            }
            if (next < 0) {
                return domain;
            }
            start = next + 1;
        }
    }

    /**
     * @param identity a SPIFFE ID or principal.
     * @return whether the pattern matches it.
     */
    public boolean matches(final String identity) {
        if (identity == null) {
            return false;
        }
        final String rest;
        if (trustDomain != null) {
            final String domain = trustDomainOf(identity);
            if (!trustDomain.equals(domain) || identity.length() <= SCHEME.length() + domain.length() + 1) {
                return false;
            }
            rest = identity.substring(SCHEME.length() + domain.length() + 1);
        } else {
            if (identity.length() <= kind.length() + 1 || !identity.startsWith(kind)
                || identity.charAt(kind.length()) != ':' || identity.length() > MAX_LENGTH) {
                return false;
            }
            for (int i = 0; i < identity.length(); i++) {
                if (isSpaceOrControl(identity.charAt(i))) {
                    return false;
                }
            }
            rest = identity.substring(kind.length() + 1);
        }
        final List<String> segments = split(rest);
        return segments != null && matchSegments(segments);
    }

    /** @return the pattern as written. */
    public String pattern() {
        return pattern;
    }

    /** @return the literal trust domain of a SPIFFE pattern, {@code null} for a principal pattern. */
    public String trustDomain() {
        return trustDomain;
    }

    /** @return whether this is a SPIFFE (agent) pattern. */
    public boolean isSpiffe() {
        return trustDomain != null;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** Dynamic programming over (pattern segment, identity segment): O(pattern × identity). */
    private boolean matchSegments(final List<String> id) {
        final int m = types.length;
        final int n = id.size();
        boolean[] next = new boolean[n + 1];
        boolean[] row = new boolean[n + 1];
        next[n] = true;
        for (int i = m - 1; i >= 0; i--) {
            row[n] = false;
            for (int j = n - 1; j >= 0; j--) {
                if (types[i] == MANY) {
                    row[j] = next[j + 1] || row[j + 1];
                } else {
                    row[j] = next[j + 1] && segmentMatches(i, id.get(j));
                }
            }
            final boolean[] t = next;
            next = row;
            row = t;
        }
        return next[0];
    }

    private boolean segmentMatches(final int i, final String s) {
        switch (types[i]) {
            case ONE:
                return !s.isEmpty();
            case GLOB:
                return globMatches(globs[i], s);
            default:
                return literals[i].equals(s);
        }
    }

    private static boolean globMatches(final String[] pieces, final String s) {
        final String first = pieces[0];
        final String last = pieces[pieces.length - 1];
        if (s.length() < first.length() + last.length() || !s.startsWith(first) || !s.endsWith(last)) {
            return false;
        }
        int pos = first.length();
        final int end = s.length() - last.length();
        for (int k = 1; k < pieces.length - 1; k++) {
            final String piece = pieces[k];
            if (piece.isEmpty()) {
                continue;
            }
            final int at = s.indexOf(piece, pos);
            if (at < 0 || at + piece.length() > end) {
                return false;
            }
            pos = at + piece.length();
        }
        return true;
    }

    private static void checkStars(final List<String> segments, final String form) {
        boolean previousMany = false;
        for (final String s : segments) {
            final boolean many = "**".equals(s);
            if (!many && s.contains("**")) {
                throw new IllegalArgumentException(form + "; '**' must be a whole segment");
            }
            if (many && previousMany) {
                throw new IllegalArgumentException(form + "; '**' must not follow another '**'");
            }
            previousMany = many;
        }
    }

    /** Splits on '/'; {@code null} if any segment is empty. */
    private static List<String> split(final String s) {
        final List<String> out = new ArrayList<>(4);
        int start = 0;
        while (true) {
            final int next = s.indexOf('/', start);
            final int end = next < 0 ? s.length() : next;
            if (end == start) {
                return null;
            }
            out.add(s.substring(start, end));
            if (next < 0) {
                return out;
            }
            start = next + 1;
        }
    }

    /**
     * @param s a candidate trust-domain name.
     * @return whether it is a SPIFFE trust domain: non-empty, {@code a-z 0-9 . - _}.
     */
    public static boolean isTrustDomain(final String s) {
        if (s.isEmpty() || s.length() > 255) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPathSegment(final String s, final int start, final int end) {
        if (end == start || end - start == 1 && s.charAt(start) == '.'
            || end - start == 2 && s.charAt(start) == '.' && s.charAt(start + 1) == '.') {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!isPathChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPathChar(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
            || c == '_';
    }

    private static boolean isKind(final String s) {
        if (s.isEmpty() || !(s.charAt(0) >= 'a' && s.charAt(0) <= 'z' || s.charAt(0) >= 'A' && s.charAt(0) <= 'Z')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isPathChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpaceOrControl(final char c) {
        return Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c);
    }
}
