/** Baton engine module. */
package dev.baton.engine;
