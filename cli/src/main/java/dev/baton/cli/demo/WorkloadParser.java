package dev.baton.cli.demo;

import dev.baton.engine.FsyncMode;
import dev.baton.policy.Durations;
import dev.baton.testkit.Scenario;
import dev.baton.testkit.ScenarioException;
import dev.baton.testkit.YamlFields;
import dev.baton.testkit.ScenarioParser;
import dev.baton.testkit.Step;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a workload file. The first error stops the parse and names file, line, column and field, as
 * the scenario parser does; each template file is read with {@link ScenarioParser}.
 * <p>
 * <b>Note:</b> not thread-safe; set-up time only (allocates freely).
 */
public final class WorkloadParser {
    private static final Set<String> TOP = Set.of("policy", "run", "templates", "late_shift", "tenants");
    private static final Set<String> RUN = Set.of("decisions", "warmup", "rate", "threads", "in_flight", "warrants",
        "fsync", "fsync_interval", "engines");
    private static final Set<String> TENANT = Set.of("tasks", "people");

    private final String file;
    private final YamlFields yaml;

    private WorkloadParser(final String file) {
        this.file = file;
        this.yaml = new YamlFields(file);
    }

    /**
     * @param file a workload YAML file.
     * @return the workload, its templates parsed.
     * @throws ScenarioException naming file, line, column and field of the first error (in the workload
     *                           or in a template).
     * @throws IOException       if a file cannot be read ({@link NoSuchFileException} when missing).
     */
    public static Workload parse(final Path file) throws ScenarioException, IOException {
        final String text = YamlFields.read(file);
        return new WorkloadParser(file.toString()).parse(file, text);
    }

    private Workload parse(final Path path, final String text) throws ScenarioException, IOException {
        final Map<String, Node> top = yaml.top(text, "policy, run, templates and tenants", TOP,
            Set.of("policy", "templates", "tenants"));
        final Path policy = yaml.policy(top, path);
        final Workload.Defaults defaults = defaults(top.get("run"));
        final List<Workload.Template> templates = templates(top.get("templates"), path.toAbsolutePath().getParent(),
            policy);
        final int lateTasks = lateTasks(top.get("late_shift"));
        final List<Workload.Tenant> tenants = tenants(top.get("tenants"), templates);
        return new Workload(path, policy, defaults, templates, lateTasks, tenants);
    }

    /** The {@code templates} mapping: each a scenario file, parsed, running against {@code policy}. */
    private List<Workload.Template> templates(final Node node, final Path base, final Path policy)
        throws ScenarioException, IOException {
        final List<Workload.Template> templates = new ArrayList<>();
        for (final Map.Entry<String, Node> e : yaml.mapping(node, "templates").entrySet()) {
            final String f = "templates." + e.getKey();
            final Path templateFile = base.resolve(yaml.string(e.getValue(), f)).normalize();
            final Scenario scenario;
            try {
                scenario = ScenarioParser.parse(templateFile);
            } catch (final NoSuchFileException missing) {
                throw yaml.error(e.getValue(), f, "no such template file: " + templateFile);
            }
            if (!scenario.policy().equals(policy)) {
                throw yaml.error(e.getValue(), f, "the template runs against " + scenario.policy()
                    + ", not the workload's policy " + policy);
            }
            if (scenario.steps().isEmpty() || !(scenario.steps().get(0) instanceof Step.Open
                || scenario.steps().get(0) instanceof Step.BreakGlass)) {
                throw yaml.error(e.getValue(), f, "a template starts with 'open' or 'break_glass' (it begins a task)");
            }
            boolean late = false;
            for (final Step s : scenario.steps()) {
                late |= s instanceof Step.Advance;
            }
            templates.add(new Workload.Template(e.getKey(), scenario, late));
        }
        if (templates.isEmpty()) {
            throw yaml.error(node, "templates", "expected at least one template");
        }
        return List.copyOf(templates);
    }

    private int lateTasks(final Node node) throws ScenarioException {
        if (node == null) {
            return 40;
        }
        final Map<String, Node> late = yaml.fields(node, "late_shift", Set.of("tasks"), Set.of());
        return late.containsKey("tasks") ? (int) yaml.integer(late.get("tasks"), "late_shift.tasks", 0, 100_000) : 40;
    }

    /** The {@code tenants} mapping; at least one must give weight to a template that runs. */
    private List<Workload.Tenant> tenants(final Node node, final List<Workload.Template> templates)
        throws ScenarioException {
        final List<Workload.Tenant> tenants = new ArrayList<>();
        boolean anyRunTemplate = false;
        for (final Map.Entry<String, Node> e : yaml.mapping(node, "tenants").entrySet()) {
            final String f = "tenants." + e.getKey();
            final Map<String, Node> t = yaml.fields(e.getValue(), f, TENANT, Set.of("tasks"));
            final Map<String, Integer> tasks = new LinkedHashMap<>();
            for (final Map.Entry<String, Node> w : yaml.mapping(t.get("tasks"), f + ".tasks").entrySet()) {
                final Workload.Template template = template(templates, w, f + ".tasks." + w.getKey());
                final int weight = (int) yaml.integer(w.getValue(), f + ".tasks." + w.getKey(), 0, 1_000_000);
                tasks.put(w.getKey(), weight);
                anyRunTemplate |= !template.late() && weight > 0;
            }
            tenants.add(new Workload.Tenant(e.getKey(), tasks, people(t.get("people"), f)));
        }
        if (!anyRunTemplate) {
            throw yaml.error(node, "tenants", "no tenant gives a positive weight to a template without "
                + "'advance' steps: there would be nothing to run");
        }
        return List.copyOf(tenants);
    }

    private Workload.Template template(final List<Workload.Template> templates, final Map.Entry<String, Node> w,
                                       final String field) throws ScenarioException {
        for (final Workload.Template t : templates) {
            if (t.name().equals(w.getKey())) {
                return t;
            }
        }
        final List<String> names = new ArrayList<>();
        for (final Workload.Template t : templates) {
            names.add(t.name());
        }
        throw yaml.error(w.getValue(), field, "no template named '" + w.getKey() + "'; expected one of: "
            + String.join(", ", names));
    }

    /** A tenant's {@code people}: a name used in the templates to the identities that play it. */
    private Map<String, List<String>> people(final Node node, final String f) throws ScenarioException {
        final Map<String, List<String>> people = new LinkedHashMap<>();
        if (node == null) {
            return people;
        }
        for (final Map.Entry<String, Node> p : yaml.mapping(node, f + ".people").entrySet()) {
            final List<String> names = yaml.strings(p.getValue(), f + ".people." + p.getKey());
            if (names.isEmpty()) {
                throw yaml.error(p.getValue(), f + ".people." + p.getKey(), "expected at least one identity");
            }
            people.put(p.getKey(), names);
        }
        return people;
    }

    private Workload.Defaults defaults(final Node node) throws ScenarioException {
        final Map<String, Node> m = node == null ? Map.of() : yaml.fields(node, "run", RUN, Set.of());
        final long decisions = m.containsKey("decisions")
            ? yaml.integer(m.get("decisions"), "run.decisions", 1, 1_000_000_000L) : 2_000_000;
        final long warmup = m.containsKey("warmup")
            ? yaml.integer(m.get("warmup"), "run.warmup", 0, 1_000_000_000L) : 0;
        final long rate = m.containsKey("rate") ? yaml.integer(m.get("rate"), "run.rate", 0, 100_000_000L) : 0;
        final int threads = m.containsKey("threads") ? (int) yaml.integer(m.get("threads"), "run.threads", 1, 64) : 2;
        final int inFlight = m.containsKey("in_flight") ? (int) yaml.integer(m.get("in_flight"), "run.in_flight", 1, 4096)
            : 16;
        final int warrants = m.containsKey("warrants") ? (int) yaml.integer(m.get("warrants"), "run.warrants", 0, 100) : 50;
        FsyncMode fsync = FsyncMode.INTERVAL;
        if (m.containsKey("fsync")) {
            final String s = yaml.string(m.get("fsync"), "run.fsync");
            try {
                fsync = FsyncMode.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                throw yaml.error(m.get("fsync"), "run.fsync", "expected none, batch or interval, found '" + s + "'");
            }
        }
        long interval = 10;
        if (m.containsKey("fsync_interval")) {
            final String s = yaml.string(m.get("fsync_interval"), "run.fsync_interval");
            try {
                interval = Durations.parseMillis(s);
            } catch (final IllegalArgumentException e) {
                throw yaml.error(m.get("fsync_interval"), "run.fsync_interval", e.getMessage());
            }
        }
        final int engines = m.containsKey("engines") ? (int) yaml.integer(m.get("engines"), "run.engines", 1, 16) : 1;
        if (threads % engines != 0) {
            throw yaml.error(m.get("engines"), "run.engines", "run.threads (" + threads + ") must be a multiple of "
                + "run.engines (" + engines + "): each engine gets an equal share of the producer threads");
        }
        return new Workload.Defaults(decisions, warmup, rate, threads, inFlight, warrants, fsync, interval, engines, true);
    }

    // ------------------------------------------------------------------------------ typed node reads
}
