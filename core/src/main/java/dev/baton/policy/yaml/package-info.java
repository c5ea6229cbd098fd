/**
 * Internal: the hardened YAML reader (size, alias and nesting limits; tags refused) that the policy
 * parser and the testkit's file formats share. Not an API; exported only to Baton's testkit.
 */
package dev.baton.policy.yaml;
