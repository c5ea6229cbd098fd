/** The {@code baton} command line. */
package dev.baton.cli;
