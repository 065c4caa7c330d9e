/**
 * The {@code ./privtune} application: picocli commands, console progress bars, and the only logging binding of
 * the project (Logback).
 *
 * <p><b>Application</b>, not a library: its classes are package-private; the commands and their options are the
 * interface (see {@code ./privtune --help}).
 */
package io.privtune.cli;
