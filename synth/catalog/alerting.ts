/**
 * What the alerting of every cluster runs besides the Prometheus Operator stack.
 *
 * Sources: prometheus/blackbox_exporter release v0.25.0 (2024-03-08, github.com/prometheus/blackbox_exporter
 * releases; image quay.io/prometheus/blackbox-exporter, listening on 9115, configuration file
 * `--config.file`, modules `http` / `tcp` with `tls_config.server_name`); its README for the resources of a
 * prober of a few dozen targets (tens of MiB).
 */
export const BLACKBOX_EXPORTER = {
  image: 'quay.io/prometheus/blackbox-exporter',
  version: 'v0.25.0',
  port: 9115,
  /** Runs as nobody (65534) in the upstream image. */
  runAsUser: 65534,
  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
} as const;
