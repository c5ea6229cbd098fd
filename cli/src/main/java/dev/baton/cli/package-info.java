/** Baton cli module. */
package dev.baton.cli;
