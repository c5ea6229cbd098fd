package dev.baton.core;

import dev.baton.Outcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A text journal for {@link PortableEngineMain}: each decision with its time, inputs and outcome, and each
 * foreign warrant accepted (its bytes, recorded by {@link PortableGate.MirrorListener}). {@link #replay}
 * rebuilds a core from it with no key at all and checks every decision comes out the same. It stands
 * in for the engine's journal, which does not record portable warrants yet.
 */
final class PortableJournal {
    private final List<String> lines = new ArrayList<>();
    private final DecisionCore core;

    PortableJournal(final DecisionCore core) {
        this.core = core;
    }

    PortableGate.MirrorListener listener() {
        return (bytes, offset, length, presenter, local, at) -> lines.add("mirror " + at + " " + core.identityName(presenter)
            + " " + local + " " + HexFormat.of().formatHex(bytes, offset, offset + length));
    }

    void open(final long at, final int principal, final String purpose, final int agent, final String scope,
              final DecisionSlot d) {
        lines.add("open " + at + " " + core.identityName(principal) + " " + purpose + " " + core.identityName(agent)
            + " " + scope + " " + d.outcome() + " " + d.grantId());
    }

    void delegate(final long at, final long parent, final int presenter, final int delegatee, final String scope,
                  final DecisionSlot d) {
        lines.add("delegate " + at + " " + parent + " " + core.identityName(presenter) + " "
            + core.identityName(delegatee) + " " + scope + " " + d.outcome() + " " + d.grantId());
    }

    void authorize(final long at, final long grant, final int presenter, final String capability, final String data,
                   final DecisionSlot d) {
        lines.add("authorize " + at + " " + grant + " " + core.identityName(presenter) + " " + capability + " " + data
            + " " + d.outcome() + " " + d.reason());
    }

    /** A presentation refused before the core decided (a warrant refused): replay takes the recorded reason. */
    void refused(final long at, final DecisionSlot d) {
        lines.add("refused " + at + " " + d.reason());
    }

    void write(final Path file) throws IOException {
        Files.write(file, lines);
    }

    static ScopeBits scope(final CompiledPolicy policy, final String spec) {
        final ScopeBits s = new ScopeBits(policy);
        final String[] parts = spec.split("/");
        for (final String c : parts[0].split("\\+")) {
            final int dot = c.indexOf(':');
            s.capability(c.substring(0, dot), c.substring(dot + 1));
        }
        for (final String data : parts[1].split("\\+")) {
            s.data(data);
        }
        return s;
    }

    /**
     * Replays a journal on a fresh core that holds no key; returns how many decisions matched, or throws
     * naming the first that did not.
     */
    static int replay(final Path file, final int engineId) throws IOException {
        final CompiledPolicy policy = TestPolicies.resource("rules.yaml");
        final ManualClock clock = new ManualClock(0);
        final DecisionCore core = new DecisionCore(policy, clock);
        final PortableGate gate = PortableGate.forReplay(core, engineId);
        final DecisionSlot d = new DecisionSlot();
        int matched = 0;
        for (final String line : Files.readAllLines(file)) {
            final String[] f = line.split(" ");
            clock.set(Long.parseLong(f[1]));
            final String got;
            final String expected;
            switch (f[0]) {
                case "open":
                    core.open(core.identity(f[2]), policy.purpose(f[3]), core.identity(f[4]), scope(policy, f[5]), d);
                    got = d.outcome() + " " + d.grantId();
                    expected = f[6] + " " + f[7];
                    break;
                case "delegate":
                    core.delegate(Long.parseLong(f[2]), core.identity(f[3]), core.identity(f[4]), scope(policy, f[5]), d);
                    got = d.outcome() + " " + d.grantId();
                    expected = f[6] + " " + f[7];
                    break;
                case "mirror":
                    final byte[] w = HexFormat.of().parseHex(f[4]);
                    got = Long.toString(gate.replayMirror(w, 0, w.length, core.identity(f[2]), clock.millis()));
                    expected = f[3];
                    break;
                case "authorize":
                    final String[] cap = f[4].split(":");
                    core.authorize(Long.parseLong(f[2]), core.identity(f[3]), policy.capability(cap[0], cap[1]),
                        policy.dataClass(f[5]), "replay", d);
                    got = d.outcome() + " " + d.reason();
                    expected = f[6] + " " + f[7];
                    break;
                default: // refused before the core: the journal's reason is the decision
                    got = f[2];
                    expected = f[2];
            }
            if (!got.equals(expected)) {
                throw new IllegalStateException("replay of '" + line + "' gave " + got);
            }
            matched++;
        }
        return matched;
    }

    static boolean allowed(final DecisionSlot d) {
        return d.outcome() == Outcome.ALLOW;
    }
}
