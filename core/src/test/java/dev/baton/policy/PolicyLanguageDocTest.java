package dev.baton.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** docs/policy-language.md documents every field path the parser accepts. */
class PolicyLanguageDocTest {

    @Test
    void shouldDocumentEveryAcceptedFieldPath() throws Exception {
        final Path doc = PolicyTexts.repoRoot().resolve("docs/policy-language.md");
        final String text = Files.readString(doc);
        final List<String> missing = new ArrayList<>();
        for (final String path : PolicySchema.fieldPaths()) {
            if (!text.contains('`' + path + '`')) {
                missing.add(path);
            }
        }
        assertTrue(missing.isEmpty(), doc + " does not mention (in backquotes): " + missing);
    }

    @Test
    void shouldListEverySectionField() {
        final List<String> paths = PolicySchema.fieldPaths();
        assertTrue(paths.contains("agents.<agent>.max_depth"));
        assertTrue(paths.contains("review.<rule>.external_only"));
        assertTrue(paths.contains("vocabulary.tools.<tool>"));
        assertTrue(paths.contains("version"));
    }
}
