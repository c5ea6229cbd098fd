package dev.baton.engine;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.core.ScopeBits;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Shared helpers for pipeline tests: the rules.yaml test policy and its scopes. */
final class EngineFixture {
    static final CompiledPolicy POLICY = load("rules.yaml");

    private EngineFixture() {
    }

    static CompiledPolicy load(final String name) {
        try (InputStream in = EngineFixture.class.getResourceAsStream("/policies/" + name)) {
            return PolicyCompiler.compile(PolicyParser.parse(name,
                new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static ScopeBits rootScope(final CompiledPolicy p) {
        return new ScopeBits(p).capability("crm.lookup", "*").capability("doc.summarize", "summarize")
            .data("public").data("internal").data("customer_pii");
    }

    static ScopeBits readScope(final CompiledPolicy p) {
        return new ScopeBits(p).capability("crm.lookup", "read").data("internal");
    }
}
