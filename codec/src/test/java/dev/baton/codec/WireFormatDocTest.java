package dev.baton.codec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/wire-format.md and the code agree: every layout table row names a constant
 * ({@code fieldName} to {@code FIELD_NAME_OFFSET} / {@code FIELD_NAME_LENGTH}) with the same value,
 * fixed blocks are contiguous and end at {@code BLOCK_LENGTH}, every offset constant is documented,
 * every {@code *Layout} class has its tables, the sizes and journal record types tables match, the
 * DECISION body's operation codes are the code's, and the quoted typical warrant size is the measured one.
 */
class WireFormatDocTest {
    private static final String[] LAYOUTS = {
        "WarrantLayout", "PortableWarrantLayout", "DecisionLayout", "CompactDecisionLayout", "JournalRecordLayout",
        "DecisionBodyLayout", "PolicyBodyLayout", "IdentityBodyLayout", "SwapBodyLayout", "StartBodyLayout", "StopBodyLayout", "ConstraintsLayout",
        "SealBodyLayout", "ArgumentsBodyLayout", "ForeignWarrantBodyLayout", "ShadowBodyLayout",
        "ShadowDecisionBodyLayout", "ForeignRevocationBodyLayout"};
    /** The journal record bodies, by record type (1, 2, ...). */
    private static final String[] BODIES = {
        "DecisionBodyLayout", "PolicyBodyLayout", "IdentityBodyLayout", "SwapBodyLayout", "StartBodyLayout",
        "StopBodyLayout", "SealBodyLayout", "ArgumentsBodyLayout", "ForeignWarrantBodyLayout", "ShadowBodyLayout",
        "ShadowDecisionBodyLayout", "ForeignRevocationBodyLayout"};

    private static Path repoFile(final String first, final String... more) {
        final String root = System.getProperty("baton.repo.root");
        final Path path = Path.of(root == null ? ".." : root, first).resolve(Path.of("", more));
        return Files.exists(path) ? path : Path.of("..", first).resolve(Path.of("", more));
    }

    private static String doc() throws IOException {
        return Files.readString(repoFile("docs", "wire-format.md"), StandardCharsets.UTF_8);
    }

    /** Rows (cells, trimmed) of the table that follows {@code marker}. */
    private static List<String[]> table(final String doc, final String marker) {
        final int at = doc.indexOf(marker);
        assertTrue(at >= 0, "docs/wire-format.md lacks " + marker);
        final List<String[]> rows = new ArrayList<>();
        final String[] lines = doc.substring(at + marker.length()).split("\n");
        int i = 1;
        while (i < lines.length && !lines[i].startsWith("|")) {
            i++;
        }
        for (i += 2; i < lines.length && lines[i].startsWith("|"); i++) {
            final String[] cells = lines[i].substring(1).split("\\|", -1);
            for (int c = 0; c < cells.length; c++) {
                cells[c] = cells[c].trim();
            }
            rows.add(cells);
        }
        assertFalse(rows.isEmpty(), "empty table after " + marker);
        return rows;
    }

    private static String fieldName(final String cell) {
        final Matcher m = Pattern.compile("`([A-Za-z_]+)`").matcher(cell);
        assertTrue(m.find(), "no `field` in " + cell);
        return m.group(1);
    }

    private static String constantName(final String field) {
        return field.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
    }

    private static Class<?> layout(final String name) throws ClassNotFoundException {
        return Class.forName("dev.baton.codec." + name);
    }

    private static int constant(final Class<?> type, final String name) {
        try {
            return type.getField(name).getInt(null);
        } catch (final ReflectiveOperationException ex) {
            return fail(type.getSimpleName() + "." + name + " is documented but does not exist");
        }
    }

    private static boolean isInteger(final String cell) {
        return cell.matches("\\d+");
    }

    @Test
    void shouldDocumentEveryFixedFieldAtItsOffsetAndSize() throws Exception {
        final String doc = doc();
        for (final String name : LAYOUTS) {
            final Class<?> type = layout(name);
            final TreeSet<String> documented = new TreeSet<>();
            int expectedOffset = 0;
            for (final String[] row : table(doc, "<!-- fixed-block: " + name + " -->")) {
                final String field = constantName(fieldName(row[0]));
                final int offset = Integer.parseInt(row[1]);
                final int size = Integer.parseInt(row[2]);
                assertEquals(constant(type, field + "_OFFSET"), offset, name + "." + field + "_OFFSET");
                assertEquals(constant(type, field + "_LENGTH"), size, name + "." + field + "_LENGTH");
                assertEquals(expectedOffset, offset, name + ": gap or overlap before " + field);
                expectedOffset = offset + size;
                documented.add(field + "_OFFSET");
            }
            assertEquals(constant(type, "BLOCK_LENGTH"), expectedOffset, name + ".BLOCK_LENGTH");
            for (final Field f : type.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getName().endsWith("_OFFSET")) {
                    assertTrue(documented.contains(f.getName()), name + "." + f.getName() + " is not in the doc");
                }
            }
        }
    }

    @Test
    void shouldDocumentVariablePartSizes() throws Exception {
        final String doc = doc();
        for (final String name : LAYOUTS) {
            final Class<?> type = layout(name);
            final String marker = "<!-- variable-part: " + name + " -->";
            if (constant(type, "MAX_LENGTH") == constant(type, "BLOCK_LENGTH")) {
                assertFalse(doc.contains(marker), name + " is all fixed block, yet the doc gives it a variable part");
                continue;
            }
            int checked = 0;
            for (final String[] row : table(doc, marker)) {
                if (isInteger(row[1])) {
                    final String field = constantName(fieldName(row[0]));
                    assertEquals(constant(type, field + "_LENGTH"), Integer.parseInt(row[1]), name + "." + field + "_LENGTH");
                    checked++;
                }
            }
            assertTrue(checked > 0, name + ": no fixed-size element checked");
        }
    }

    @Test
    void shouldListEveryLayoutOfTheCodec() throws Exception {
        final TreeSet<String> inCode = new TreeSet<>();
        try (var files = Files.list(repoFile("codec", "src", "main", "java", "dev", "baton", "codec"))) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith("Layout.java"))
                .forEach(f -> inCode.add(f.substring(0, f.length() - ".java".length())));
        }
        assertEquals(inCode, new TreeSet<>(List.of(LAYOUTS)), "every *Layout class is documented and checked");
    }

    @Test
    void shouldDocumentTheRecordTypeOfEveryJournalBody() throws Exception {
        final List<String[]> rows = table(doc(), "<!-- record-types -->");
        assertEquals(BODIES.length, rows.size());
        for (int i = 0; i < BODIES.length; i++) {
            final String[] row = rows.get(i);
            assertEquals(BODIES[i], fieldName(row[2]), "record type " + row[0]);
            assertEquals(constant(layout(BODIES[i]), "RECORD_TYPE"), Integer.parseInt(row[0]), BODIES[i] + ".RECORD_TYPE");
        }
    }

    @Test
    void shouldDocumentTheDecisionBodysOperationCodes() throws Exception {
        final List<String[]> rows = table(doc(), "<!-- decision-body-operations -->");
        int code = 0;
        for (final String[] row : rows) {
            assertEquals(code, Integer.parseInt(row[0]), "codes run from 0 without a gap");
            assertEquals(DecisionBodyLayout.operation(code).name(), fieldName(row[1]), "operation code " + code);
            code++;
        }
        assertEquals(Operation.UNKNOWN, DecisionBodyLayout.operation(code), "every known code is documented");
    }

    @Test
    void shouldDocumentBlockMinimumAndMaximumLengths() throws Exception {
        final List<String[]> rows = table(doc(), "<!-- sizes -->");
        assertEquals(LAYOUTS.length, rows.size());
        for (final String[] row : rows) {
            final Class<?> type = layout(fieldName(row[0]));
            assertEquals(constant(type, "BLOCK_LENGTH"), Integer.parseInt(row[1]), row[0] + " block");
            assertEquals(constant(type, "MIN_LENGTH"), Integer.parseInt(row[2]), row[0] + " min");
            assertEquals(constant(type, "MAX_LENGTH"), Integer.parseInt(row[3]), row[0] + " max");
        }
    }

    @Test
    void shouldQuoteTheMeasuredTypicalWarrantSize() throws Exception {
        final Matcher m = Pattern.compile("measured size of a typical warrant is \\*\\*(\\d+) bytes\\*\\*").matcher(doc());
        assertTrue(m.find(), "the doc must quote the measured size");
        assertEquals(WarrantSizeTest.typicalWarrantSize(), Integer.parseInt(m.group(1)));
        assertEquals(WarrantSizeTest.MEASURED_TYPICAL_SIZE, Integer.parseInt(m.group(1)));
    }
}
