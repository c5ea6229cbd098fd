package dev.baton.policy.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * How every Baton YAML file (policy, policy tests, scenarios, workloads) is read and composed, so that
 * all of them refuse the same things:
 * <ul>
 *   <li>a file of more than {@value #MAX_BYTES} bytes, read with that bound so that an endless input
 *       ({@code /dev/zero}, a pipe) is refused instead of exhausting memory, and a directory;</li>
 *   <li>text that is not UTF-8;</li>
 *   <li>explicit tags other than {@code !!str}, {@code !!seq} and {@code !!map} ({@code !!binary},
 *       {@code !!timestamp}, {@code !custom}, ...): Baton types scalars itself, so a tag would otherwise be
 *       silently dropped;</li>
 *   <li>more than {@value #MAX_ALIASES} aliases to mappings or lists ("billion laughs"), an alias to a node
 *       that contains it (a recursive structure), nesting deeper than {@value #MAX_NESTING} levels.</li>
 * </ul>
 * Duplicate keys are left to the readers, which report them with both positions. YAML is composed into
 * nodes, never constructed into objects.
 * <p>
 * <b>Note:</b> stateless and thread-safe; allocates (load time only, never on the decision path).
 */
public final class YamlSource {
    /** Largest file read, in bytes (4 MiB). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** Most aliases to mappings or lists per file. */
    public static final int MAX_ALIASES = 10;
    /** Deepest nesting accepted; the deepest Baton format needs five levels. */
    public static final int MAX_NESTING = 32;

    private YamlSource() {
    }

    /**
     * Reads a UTF-8 file of at most {@value #MAX_BYTES} bytes.
     *
     * @param file a regular file, or a device or pipe that ends within the bound.
     * @return its text.
     * @throws java.nio.file.NoSuchFileException if it does not exist.
     * @throws FileSystemException               if it is a directory or too large; the message is
     *                                           {@code FILE: too large (limit N bytes)}.
     * @throws CharacterCodingException          if it is not UTF-8.
     * @throws IOException                       if it cannot be read.
     */
    public static String read(final Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        final byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // One byte past the limit tells "exactly the limit" from "more"; never reads further.
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new FileSystemException(file.toString(), null, "too large (limit " + MAX_BYTES + " bytes)");
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * Composes one YAML document into nodes under the rules above.
     *
     * @param text the document.
     * @return its root node, or null for an empty document.
     * @throws UnsupportedYaml on an explicit tag or a recursive alias.
     * @throws YAMLException   on a syntax error or a limit exceeded (a {@link MarkedYAMLException} when
     *                         the place is known).
     */
    public static Node compose(final String text) {
        final LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // composing never checks them; the readers report them
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_BYTES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setAllowRecursiveKeys(false);
        options.setMergeOnCompose(false);
        options.setProcessComments(false);
        final Parser parser = new CheckedParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
        return new Composer(parser, new Resolver(), options).getSingleNode();
    }

    /**
     * @param tag a tag as the parser reports it ({@code tag:yaml.org,2002:binary}).
     * @return as written in the file ({@code !!binary}).
     */
    static String shortTag(final String tag) {
        if (tag.startsWith(Tag.PREFIX)) {
            return "!!" + tag.substring(Tag.PREFIX.length());
        }
        return tag.startsWith("!") ? tag : "!<" + tag + ">";
    }

    /**
     * YAML Baton does not accept though it is well-formed: an explicit tag, a recursive alias. Its
     * {@link #getProblem} is the whole message ({@code unsupported YAML tag !!binary}) and
     * {@link #getProblemMark} where it was written.
     */
    public static final class UnsupportedYaml extends MarkedYAMLException {
        private static final long serialVersionUID = 1L;

        UnsupportedYaml(final String problem, final Mark mark) {
            super(null, null, problem, mark);
        }
    }

    /**
     * Checks each event as the composer pulls it: explicit tags, and aliases to a collection that is
     * still open (which would make the node tree contain itself).
     */
    private static final class CheckedParser implements Parser {
        private final Parser parser;
        /** Anchors of the collections being composed, innermost last ("" for none). */
        private final Deque<String> open = new ArrayDeque<>();

        CheckedParser(final Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(final Event.ID choice) {
            return parser.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public Event getEvent() {
            final Event event = parser.getEvent();
            if (event instanceof ScalarEvent) {
                check(((ScalarEvent) event).getTag(), Tag.STR, event);
            } else if (event instanceof CollectionStartEvent) {
                final String tag = ((CollectionStartEvent) event).getTag();
                check(tag, event.is(Event.ID.SequenceStart) ? Tag.SEQ : Tag.MAP, event);
                final String anchor = ((NodeEvent) event).getAnchor();
                open.addLast(anchor == null ? "" : anchor);
            } else if (event.is(Event.ID.SequenceEnd) || event.is(Event.ID.MappingEnd)) {
                open.pollLast();
            } else if (event instanceof AliasEvent && open.contains(((AliasEvent) event).getAnchor())) {
                throw new UnsupportedYaml("recursive alias *" + ((AliasEvent) event).getAnchor()
                    + ": it refers to a node that contains it", event.getStartMark());
            }
            return event;
        }

        /** No tag, the non-specific {@code !}, or the standard tag of the node's own kind. */
        private static void check(final String tag, final Tag standard, final Event event) {
            if (tag != null && !"!".equals(tag) && !standard.getValue().equals(tag)) {
                throw new UnsupportedYaml("unsupported YAML tag " + shortTag(tag), event.getStartMark());
            }
        }
    }
}
