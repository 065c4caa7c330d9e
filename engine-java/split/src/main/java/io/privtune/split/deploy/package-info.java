/**
 * Device and cloud as two processes over gRPC with TLS: {@link io.privtune.split.deploy.CloudServer}, {@link
 * io.privtune.split.deploy.DeviceTrainer}, per-device credentials, health and metrics.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.split.deploy;
