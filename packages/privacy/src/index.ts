// @synthkit/privacy — public API only.
export { dcrValues, distanceToClosestRecord, type DcrOptions, type DcrValues, type DcrReport, type DistanceSummary } from './distance-to-closest-record'
