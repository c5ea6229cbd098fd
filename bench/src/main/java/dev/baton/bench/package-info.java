/** Baton bench module. */
package dev.baton.bench;
