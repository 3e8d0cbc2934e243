// @synthkit/datasets: six real, public tabular datasets embedded as gzipped CSV, loadable synchronously anywhere.
export {
  type Dataset,
  type DatasetName,
  type LoadOptions,
  datasetGzip,
  datasetBytes,
  datasetCsv,
  datasetColumns,
  loadDataset,
} from './dataset'
export { adult, telcoChurn, diamonds, penguins, seattleWeather, flights200k } from './datasets'
export { DATASET_NAMES, DATASETS, isDatasetName, getDataset } from './registry'
