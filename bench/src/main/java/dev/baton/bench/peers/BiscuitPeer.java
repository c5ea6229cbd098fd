package dev.baton.bench.peers;

import biscuit.format.schema.Schema;
import org.biscuitsec.biscuit.crypto.KeyPair;
import org.biscuitsec.biscuit.datalog.RunLimits;
import org.biscuitsec.biscuit.error.Error;
import org.biscuitsec.biscuit.token.Authorizer;
import org.biscuitsec.biscuit.token.Biscuit;
import org.biscuitsec.biscuit.token.builder.Block;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Biscuit 4 (Ed25519, Datalog) on {@code /peers/refund-dispute.biscuit.datalog}. The task's root token is
 * minted once; per hop the presented token is parsed and its signatures verified, the hop is authorized
 * against the policy, and the token is attenuated with a block pinning the capability and data class and
 * serialized; the call parses, verifies and authorizes the last token (every block's checks apply).
 * <p>
 * {@link RunLimits}: 10 s instead of the default 5 ms, which fails while the JIT warms up. A deny comes back as
 * {@code Error.FailedLogic}.
 * <p>
 * <b>Note:</b> not thread-safe.
 */
public final class BiscuitPeer implements PeerAdapter {
    private static final RunLimits LIMITS = new RunLimits(10_000, 1_000, Duration.ofSeconds(10));

    private final SecureRandom random = new SecureRandom();
    private final KeyPair root = KeyPair.generate(Schema.PublicKey.Algorithm.Ed25519, random);
    private final Authorizer template = new Authorizer();
    private final byte[] task;

    /** Mints the task's root token and loads the policy and the scenario's facts into a template authorizer. */
    public BiscuitPeer() throws Exception {
        final org.biscuitsec.biscuit.token.builder.Biscuit builder = Biscuit.builder(random, root);
        for (final String c : PeerScenario.TASK_CAPABILITIES) {
            builder.add_authority_fact("right(\"" + c + "\")");
        }
        for (final String d : PeerScenario.TASK_DATA) {
            builder.add_authority_fact("right_data(\"" + d + "\")");
        }
        this.task = builder.build().serialize();
        for (final PeerScenario.Agent a : PeerScenario.AGENTS.values()) {
            for (final String c : a.capabilities()) {
                fact("agent_cap", a.name(), c);
            }
            for (final String d : a.data()) {
                fact("agent_data", a.name(), d);
            }
            for (final String t : a.delegatesTo()) {
                fact("edge", a.name(), t);
            }
            template.add_fact("max_depth(\"" + a.name() + "\", " + a.maxDepth() + ")");
            fact("agent_domain", a.name(), a.domain());
        }
        facts("purpose_cap", PeerScenario.PURPOSE_CAPABILITIES);
        facts("purpose_data", PeerScenario.PURPOSE_DATA);
        for (final String c : PeerScenario.EXTERNAL_CAPABILITIES) {
            fact("external_cap", PeerScenario.PARTNER, c);
        }
        for (final String d : PeerScenario.EXTERNAL_DATA) {
            fact("external_data", PeerScenario.PARTNER, d);
        }
        facts("non_transitive", PeerScenario.NON_TRANSITIVE);
        facts("never_leave", PeerScenario.NEVER_LEAVE);
        facts("review_always", PeerScenario.REVIEW_ALWAYS);
        facts("review_delegated", PeerScenario.REVIEW_DELEGATED);
        facts("review_external_data", PeerScenario.REVIEW_EXTERNAL_DATA);
        facts("home", List.of(PeerScenario.HOME));
        for (final String statement : statements(PeerResources.text("refund-dispute.biscuit.datalog"))) {
            if (statement.startsWith("allow if") || statement.startsWith("deny if")) {
                template.add_policy(statement);
            } else {
                template.add_rule(statement);
            }
        }
    }

    private void fact(final String name, final String a, final String b) throws Error.Parser {
        template.add_fact(name + "(\"" + a + "\", \"" + b + "\")");
    }

    private void facts(final String name, final List<String> values) throws Error.Parser {
        for (final String v : values) {
            template.add_fact(name + "(\"" + v + "\")");
        }
    }

    /** Splits a Datalog file into statements: comments dropped, lines joined, split at ';'. */
    private static List<String> statements(final String text) {
        final StringBuilder joined = new StringBuilder();
        for (final String line : text.split("\n")) {
            final int comment = line.indexOf("//");
            joined.append(comment < 0 ? line : line.substring(0, comment)).append(' ');
        }
        final List<String> out = new ArrayList<>();
        for (final String s : joined.toString().split(";")) {
            final String t = s.trim().replaceAll("\\s+", " ");
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "Biscuit";
    }

    @Override
    public boolean allowed(final DelegationCase c) throws Exception {
        return prepare(c).run();
    }

    @Override
    public Prepared prepare(final DelegationCase c) {
        final String capability = "capability(\"" + c.capability() + "\")";
        final String data = "data_class(\"" + c.data() + "\")";
        return () -> {
            byte[] token = task;
            for (int i = 1; i < c.chain().size(); i++) {
                final Biscuit parent = Biscuit.from_bytes(token, root.public_key());
                if (!authorize(parent, "delegate", c.chain().get(i - 1), c.chain().get(i), capability, data,
                    "depth(" + i + ")")) {
                    return false;
                }
                final Block block = new Block();
                block.add_check("check if " + capability);
                block.add_check("check if " + data);
                token = parent.attenuate(block).serialize();
            }
            return authorize(Biscuit.from_bytes(token, root.public_key()), "call", c.caller(), c.caller(),
                capability, data, "justified(true)");
        };
    }

    private boolean authorize(final Biscuit token, final String operation, final String holder, final String target,
                              final String capability, final String data, final String extra) throws Error {
        final Authorizer authorizer = template.clone();
        authorizer.add_token(token);
        authorizer.add_fact("operation(\"" + operation + "\")");
        authorizer.add_fact("holder(\"" + holder + "\")");
        authorizer.add_fact("target(\"" + target + "\")");
        authorizer.add_fact(capability);
        authorizer.add_fact(data);
        authorizer.add_fact(extra);
        try {
            authorizer.authorize(LIMITS);
            return true;
        } catch (final Error.FailedLogic denied) {
            return false;
        }
    }
}
