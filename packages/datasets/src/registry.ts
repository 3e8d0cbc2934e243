import { SynthkitError } from '@synthkit/core'
import type { Dataset, DatasetName } from './dataset'
import { adult, diamonds, flights200k, penguins, seattleWeather, telcoChurn } from './datasets'

/** Names of the embedded datasets, in the order of data/SOURCES.md. Holds no data. */
export const DATASET_NAMES: readonly DatasetName[] = ['adult', 'telco_churn', 'diamonds', 'penguins', 'seattle_weather', 'flights_200k']

/** Every embedded dataset by name. Referencing it keeps all six (≈ 2.7 MB of base64) in a bundle. */
export const DATASETS: Readonly<Record<DatasetName, Dataset>> = {
  adult,
  telco_churn: telcoChurn,
  diamonds,
  penguins,
  seattle_weather: seattleWeather,
  flights_200k: flights200k,
}

/** Whether `name` names an embedded dataset. */
export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name)
}

/** The dataset called `name`; an unknown name throws a SynthkitError with code OPTIONS_INVALID listing the names. */
export function getDataset(name: string): Dataset {
  if (!isDatasetName(name)) {
    throw new SynthkitError('OPTIONS_INVALID', `Unknown dataset "${name}"`, [
      { path: 'name', message: `"${name}" is not one of ${DATASET_NAMES.join(', ')}`, value: name },
    ])
  }
  return DATASETS[name]
}
