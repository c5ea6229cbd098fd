package dev.baton.cli;

import dev.baton.testkit.PolicyTestRunner;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code baton test} results as JUnit XML, the report format CI systems read (Jenkins, GitLab,
 * GitHub actions): a {@code testsuites} root, one {@code testsuite} per test file (its name is the file,
 * with test, failure, error and skip counts and its run time), one {@code testcase} per case (classname:
 * the file, name: the case), a {@code failure} for a failed case (message: the first missed step; text:
 * expected and actual) and {@code skipped} for a skipped one. Written with the JDK's StAX writer, which
 * escapes text and attributes.
 * <p>
 * <b>Note:</b> stateless.
 */
final class JunitXml {
    private JunitXml() {
    }

    /** Writes {@code suites} to {@code file}; on failure prints why on {@code err} and returns false. */
    static boolean write(final Path file, final List<TestSuiteResult> suites, final PrintWriter err) {
        try (OutputStream out = Files.newOutputStream(file)) {
            final XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "baton test");
            xml.writeAttribute("tests", Long.toString(suites.stream().mapToLong(TestSuiteResult::tests).sum()));
            xml.writeAttribute("failures", Long.toString(total(suites, PolicyTestRunner.Status.FAILED)));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", Long.toString(total(suites, PolicyTestRunner.Status.SKIPPED)));
            xml.writeAttribute("time", new TestSuiteResult(file, List.of(), List.of(),
                suites.stream().mapToLong(TestSuiteResult::nanos).sum()).seconds());
            for (final TestSuiteResult suite : suites) {
                suite(xml, suite);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            return true;
        } catch (final IOException e) {
            err.println("baton test: --junit: " + BatonCommand.cannotRead(e).replace("cannot read", "cannot write"));
        } catch (final XMLStreamException e) {
            err.println("baton test: --junit " + file + ": " + e.getMessage());
        }
        return false;
    }

    private static long total(final List<TestSuiteResult> suites, final PolicyTestRunner.Status status) {
        return suites.stream().mapToLong(s -> s.count(status)).sum();
    }

    private static void suite(final XMLStreamWriter xml, final TestSuiteResult suite) throws XMLStreamException {
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", suite.file().toString());
        xml.writeAttribute("tests", Integer.toString(suite.tests()));
        xml.writeAttribute("failures", Long.toString(suite.count(PolicyTestRunner.Status.FAILED)));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", Long.toString(suite.count(PolicyTestRunner.Status.SKIPPED)));
        xml.writeAttribute("time", suite.seconds());
        for (final PolicyTestRunner.Result r : suite.cases()) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", suite.file().toString());
            xml.writeAttribute("name", r.testCase().name());
            if (r.status() == PolicyTestRunner.Status.SKIPPED) {
                xml.writeEmptyElement("skipped");
            } else if (r.status() == PolicyTestRunner.Status.FAILED) {
                xml.writeStartElement("failure");
                xml.writeAttribute("type", "expectation missed");
                xml.writeAttribute("message", "step " + r.step().at() + " (" + TestReport.operation(r.step())
                    + "): expected " + r.step().expect());
                xml.writeCharacters("case      " + r.testCase().at() + "\nexpected  " + r.step().expect()
                    + "\nactual    " + r.actual() + "\nmissed    " + r.missed() + " expectation(s)\n");
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        for (final PolicyTestRunner.AssertionResult a : suite.assertions()) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", suite.file().toString());
            xml.writeAttribute("name", a.assertion().name());
            if (!a.verdict().proved()) {
                xml.writeStartElement("failure");
                xml.writeAttribute("type", "refuted by analysis");
                xml.writeAttribute("message", "a chain the policy allows: " + a.verdict().refutation().describe());
                xml.writeCharacters("assertion " + a.assertion().at() + "\nwitness   "
                    + a.verdict().refutation().describe() + "\n");
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
}
