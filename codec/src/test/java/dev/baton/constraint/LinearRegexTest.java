package dev.baton.constraint;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The linear-time form: what it accepts, what it refuses and why. */
class LinearRegexTest {

    @Test
    void shouldMatchWholeValuesOnUtf8Bytes() {
        final LinearRegex r = LinearRegex.compile("^[a-z0-9._-]+@acme\\.example$");
        assertTrue(r.matches("ana.b@acme.example"));
        assertFalse(r.matches("ana@acme.example.evil"));
        assertFalse(r.matches("ana@acmeXexample"));
        assertTrue(LinearRegex.compile("café").matches("café"));
        assertFalse(LinearRegex.compile("café").matches("cafe"));
        assertTrue(LinearRegex.compile("ab{2,3}c").matches("abbbc"));
        assertFalse(LinearRegex.compile("ab{2,3}c").matches("abbbbc"));
    }

    @Test
    void shouldRefuseWhatIsNotLinearTimeSayingWhy() {
        assertRefused("(a)\\1", "backreferences");
        assertRefused("a(?=b)", "lookaround");
        assertRefused("a*?", "lazy and possessive");
        assertRefused("a{2}{3}", "stacked quantifiers");
        assertRefused("[a-z]{16}[a-z]{16}[a-z]{16}[a-z]{16}x", "more than 64 character positions");
        assertRefused("a{3,2}", "counted repetition");
        assertRefused("(ab", "unbalanced '('");
        assertRefused("a^b", "only at the start or the end");
    }

    @Test
    void shouldExposeTheAutomatonItMatchesWith() {
        final LinearRegex r = LinearRegex.compile("ord-[0-9]{4,8}|x*");
        assertTrue(r.nullable());
        assertTrue(r.positions() > 8 && r.positions() <= LinearRegex.MAX_POSITIONS);
        for (final String v : new String[] {"", "x", "xxx", "ord-1234", "ord-12345678", "ord-123", "ord-123456789",
            "ord-12a4", "y"}) {
            assertEquals(r.matches(v), simulate(r, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)), v);
        }
    }

    /** Runs the automaton through the accessors alone. */
    private static boolean simulate(final LinearRegex r, final byte[] v) {
        if (v.length == 0) {
            return r.nullable();
        }
        long cur = r.first() & r.positionsOf(v[0] & 0xff);
        for (int i = 1; i < v.length; i++) {
            long next = 0;
            for (int p = 0; p < r.positions(); p++) {
                if ((cur & 1L << p) != 0) {
                    next |= r.follow(p);
                }
            }
            cur = next & r.positionsOf(v[i] & 0xff);
        }
        return (cur & r.last()) != 0;
    }

    private static void assertRefused(final String pattern, final String why) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LinearRegex.compile(pattern));
        assertTrue(e.getMessage().contains("outside the linear-time form") && e.getMessage().contains(why),
            e::getMessage);
    }
}
