/**
 * What a Java team writes to embed PrivTune; built and run by the tests, quoted by the README.
 *
 * <p>Examples, not API.
 */
package io.privtune.examples;
