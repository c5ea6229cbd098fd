package dev.baton.cli;

/** The report formats of the commands that report: text for people, json for programs (docs/cli.md). */
enum OutputFormat {
    /** Plain text, the default. */
    text,
    /** One JSON document on standard output, its schema in docs/cli.md. */
    json
}
