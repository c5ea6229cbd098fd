package dev.baton.constraint;

import org.junit.jupiter.api.Test;

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

    private static void assertRefused(final String pattern, final String why) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LinearRegex.compile(pattern));
        assertTrue(e.getMessage().contains("outside the linear-time form") && e.getMessage().contains(why),
            e::getMessage);
    }
}
