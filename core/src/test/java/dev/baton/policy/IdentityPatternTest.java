package dev.baton.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class IdentityPatternTest {

    @Test
    void shouldMatchLiteralSpiffeIdExactly() {
        final IdentityPattern p = IdentityPattern.spiffe("spiffe://acme.example/agent/planner");
        assertTrue(p.matches("spiffe://acme.example/agent/planner"));
        assertFalse(p.matches("spiffe://acme.example/agent/planner/x"));
        assertFalse(p.matches("spiffe://acme.example/agent"));
        assertFalse(p.matches("spiffe://acme.example/agent/Planner"));
        assertFalse(p.matches("spiffe://partner.example/agent/planner"));
        assertFalse(p.matches("spiffe://acme.example/agent/planner/"));
        assertFalse(p.matches(null));
        assertEquals("acme.example", p.trustDomain());
        assertEquals("spiffe://acme.example/agent/planner", p.pattern());
        assertTrue(p.isSpiffe());
    }

    @Test
    void shouldMatchExactlyOneNonEmptySegmentWithStar() {
        final IdentityPattern p = IdentityPattern.spiffe("spiffe://acme.example/agent/*");
        assertTrue(p.matches("spiffe://acme.example/agent/planner"));
        assertFalse(p.matches("spiffe://acme.example/agent"));
        assertFalse(p.matches("spiffe://acme.example/agent/a/b"));
        assertFalse(p.matches("spiffe://acme.example/agent//"));
    }

    @Test
    void shouldMatchOneOrMoreSegmentsWithDoubleStar() {
        final IdentityPattern p = IdentityPattern.spiffe("spiffe://acme.example/worker/**");
        assertTrue(p.matches("spiffe://acme.example/worker/a"));
        assertTrue(p.matches("spiffe://acme.example/worker/a/b/c"));
        assertFalse(p.matches("spiffe://acme.example/worker"));
        assertFalse(p.matches("spiffe://acme.example/workers/a"));

        final IdentityPattern middle = IdentityPattern.spiffe("spiffe://acme.example/**/mcp/*");
        assertTrue(middle.matches("spiffe://acme.example/eu/mcp/summariser"));
        assertTrue(middle.matches("spiffe://acme.example/eu/west/mcp/summariser"));
        assertFalse(middle.matches("spiffe://acme.example/mcp/summariser"));
        assertFalse(middle.matches("spiffe://acme.example/eu/mcp/a/b"));
    }

    @Test
    void shouldGlobWithinASegment() {
        final IdentityPattern p = IdentityPattern.spiffe("spiffe://acme.example/agent/worker-*-eu");
        assertTrue(p.matches("spiffe://acme.example/agent/worker-7-eu"));
        assertTrue(p.matches("spiffe://acme.example/agent/worker--eu"));
        assertFalse(p.matches("spiffe://acme.example/agent/worker-7-us"));
        assertFalse(p.matches("spiffe://acme.example/agent/worker-7/x-eu"));

        final IdentityPattern user = IdentityPattern.principal("user:*@acme.example");
        assertTrue(user.matches("user:alice@acme.example"));
        assertFalse(user.matches("user:alice@evil.example"));
        assertFalse(user.matches("user:alice@acme.example.evil"));
        assertFalse(user.matches("service:alice@acme.example"));
        assertFalse(user.matches("user:a/b@acme.example"));
        assertFalse(user.matches("user:alice smith@acme.example"));
        assertNull(user.trustDomain());
        assertFalse(user.isSpiffe());

        final IdentityPattern many = IdentityPattern.principal("user:*-*@*.acme.example");
        assertTrue(many.matches("user:oncall-bob@eu.acme.example"));
        assertFalse(many.matches("user:oncallbob@eu.acme.example"));
    }

    @Test
    void shouldSplitPrincipalsOnSlash() {
        final IdentityPattern one = IdentityPattern.principal("service:billing/*");
        assertTrue(one.matches("service:billing/invoicer"));
        assertFalse(one.matches("service:billing/invoicer/v2"));
        assertFalse(one.matches("service:billing"));
        final IdentityPattern deep = IdentityPattern.principal("service:**");
        assertTrue(deep.matches("service:billing"));
        assertTrue(deep.matches("service:billing/invoicer/v2"));
        assertFalse(deep.matches("service:"));
        assertFalse(deep.matches("service:billing//x"));
    }

    @Test
    void shouldNameTheRuleABadSpiffePatternBreaks() {
        final List<List<String>> cases = List.of(
            List.of("", "found an empty string"),
            List.of("spiffe:/acme.example/a", "must start with 'spiffe://'"),
            List.of("spiffe://*.acme.example/a", "trust domain must be literal"),
            List.of("spiffe://ACME.example/a", "trust domain must be non-empty and hold only a-z"),
            List.of("spiffe:///a", "trust domain must be non-empty"),
            List.of("spiffe://acme.example", "at least one path segment"),
            List.of("spiffe://acme.example/", "at least one path segment"),
            List.of("spiffe://acme.example/a//b", "empty path segments"),
            List.of("spiffe://acme.example/a/", "empty path segments"),
            List.of("spiffe://acme.example/a/../b", "'.' and '..'"),
            List.of("spiffe://acme.example/a b", "path segments may hold only"),
            List.of("spiffe://acme.example/a?x=1", "path segments may hold only"),
            List.of("spiffe://acme.example/x**", "'**' must be a whole segment"),
            List.of("spiffe://acme.example/***", "'**' must be a whole segment"),
            List.of("spiffe://acme.example/**/**", "'**' must not follow another '**'"));
        for (final List<String> c : cases) {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> IdentityPattern.spiffe(c.get(0)), c.get(0));
            assertTrue(ex.getMessage().startsWith("expected spiffe://<trust-domain>/<path>"), ex.getMessage());
            assertTrue(ex.getMessage().contains(c.get(1)), c.get(0) + " -> " + ex.getMessage());
        }
        IdentityPattern.spiffe("spiffe://acme.example/**/x/**");
    }

    @Test
    void shouldNameTheRuleABadPrincipalPatternBreaks() {
        final List<List<String>> cases = List.of(
            List.of("", "found an empty string"),
            List.of("alice", "':' after the kind is missing"),
            List.of(":alice", "kind before ':' must be a literal name"),
            List.of("*:alice", "kind before ':' must be a literal name"),
            List.of("user:", "part after ':' must not be empty"),
            List.of("user:alice\tsmith", "whitespace"),
            List.of("service:a//b", "empty '/' segments"),
            List.of("service:a**", "'**' must be a whole segment"),
            List.of("service:**/**", "'**' must not follow another '**'"));
        for (final List<String> c : cases) {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> IdentityPattern.principal(c.get(0)), c.get(0));
            assertTrue(ex.getMessage().startsWith("expected kind:rest"), ex.getMessage());
            assertTrue(ex.getMessage().contains(c.get(1)), c.get(0) + " -> " + ex.getMessage());
        }
    }

    @Test
    void shouldExtractTrustDomainOnlyFromWellFormedSpiffeIds() {
        assertEquals("acme.example", IdentityPattern.trustDomainOf("spiffe://acme.example/agent/planner"));
        assertEquals("acme.example", IdentityPattern.trustDomainOf("spiffe://acme.example"));
        assertNull(IdentityPattern.trustDomainOf("spiffe://acme.example/"));
        assertNull(IdentityPattern.trustDomainOf("spiffe://acme.example//a"));
        assertNull(IdentityPattern.trustDomainOf("spiffe://Acme.example/a"));
        assertNull(IdentityPattern.trustDomainOf("spiffe://acme.example/a/./b"));
        assertNull(IdentityPattern.trustDomainOf("https://acme.example/a"));
        assertNull(IdentityPattern.trustDomainOf("spiffe:///a"));
        assertNull(IdentityPattern.trustDomainOf("user:alice@acme.example"));
        assertNull(IdentityPattern.trustDomainOf(null));
    }

    @Property
    void literalPatternMatchesItselfOnly(@ForAll("spiffeIds") final String id, @ForAll("segments") final String extra) {
        final IdentityPattern p = IdentityPattern.spiffe(id);
        assertTrue(p.matches(id));
        assertEquals(IdentityPattern.trustDomainOf(id), p.trustDomain());
        assertFalse(p.matches(id + "/" + extra));
    }

    @Property
    void doubleStarSuffixMatchesEveryDeeperIdentity(@ForAll("spiffeIds") final String id,
                                                    @ForAll("segments") final String extra) {
        final IdentityPattern p = IdentityPattern.spiffe(id + "/**");
        assertTrue(p.matches(id + "/" + extra));
        assertTrue(p.matches(id + "/" + extra + "/" + extra));
        assertFalse(p.matches(id));
    }

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.strings().withChars("abcXYZ019.-_").ofMinLength(1).ofMaxLength(8)
            .filter(s -> !".".equals(s) && !"..".equals(s));
    }

    @Provide
    Arbitrary<String> spiffeIds() {
        final Arbitrary<String> domain = Arbitraries.strings().withChars("abz09.-_").ofMinLength(1).ofMaxLength(12);
        return domain.flatMap(d -> segments().list().ofMinSize(1).ofMaxSize(5)
            .map(path -> "spiffe://" + d + "/" + String.join("/", path)));
    }
}
