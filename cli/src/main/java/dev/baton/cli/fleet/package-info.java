/**
 * The command line's fleet: {@code baton demo --fleet N} (a loopback-only broker in the JVM and N engine
 * processes joined through Kafka) and the fleet audit of {@code baton replay} and {@code baton explain}
 * (every engine's shipped journal verified and replayed, delegation chains followed across engines).
 * Internal to the command line.
 */
package dev.baton.cli.fleet;
