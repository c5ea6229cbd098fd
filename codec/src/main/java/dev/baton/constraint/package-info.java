/**
 * Typed tool arguments and the constraints a policy places on them: {@link dev.baton.constraint.ArgumentType},
 * {@link dev.baton.constraint.Constraint} (exact, one-of, range, prefix, glob, linear-time regular
 * expression), and {@link dev.baton.constraint.Attenuation}, which decides whether one constraint is within
 * another. Matching works on {@code long} numbers and UTF-8 bytes and allocates nothing.
 */
package dev.baton.constraint;
