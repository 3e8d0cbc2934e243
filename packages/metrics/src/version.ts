/** Version of @synthkit/metrics written into every report (kept equal to package.json by a test). */
export const METRICS_VERSION = '0.0.0'

/** The reference whose definitions the SDMetrics-compatible metrics reproduce. */
export const SDMETRICS_COMPATIBILITY = 'SDMetrics 0.14'
