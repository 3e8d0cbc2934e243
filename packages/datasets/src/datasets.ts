// The six embedded datasets (sources and licences as in data/SOURCES.md). Each is a plain object literal, so a
// bundler keeps only the ones an application imports.
import type { TableSchema } from '@synthkit/core'
import type { Dataset } from './dataset'
import { gzipBase64 as adultBytes } from './generated/adult'
import { gzipBase64 as diamondsBytes } from './generated/diamonds'
import { gzipBase64 as flightsBytes } from './generated/flights_200k'
import { gzipBase64 as penguinsBytes } from './generated/penguins'
import { gzipBase64 as weatherBytes } from './generated/seattle_weather'
import { gzipBase64 as telcoBytes } from './generated/telco_churn'
import adultSchema from './schemas/adult.json'
import diamondsSchema from './schemas/diamonds.json'
import flightsSchema from './schemas/flights_200k.json'
import penguinsSchema from './schemas/penguins.json'
import weatherSchema from './schemas/seattle_weather.json'
import telcoSchema from './schemas/telco_churn.json'

/**
 * UCI Adult census income (adult.data + adult.test), 48,842 × 15, the standard benchmark of tabular synthesis:
 * 6 integer and 9 categorical columns, missing values in workclass, occupation and native_country; target `income`.
 */
export const adult: Dataset = {
  name: 'adult',
  description: 'UCI Adult census income: who earns more than 50K a year',
  rows: 48_842,
  columns: 15,
  target: 'income',
  source: "UCI Machine Learning Repository, Adult (verbatim files; '?' → empty, test labels' trailing '.' removed, '-' in names → '_')",
  license: 'CC BY 4.0',
  sha256: '9479f8b76861e48c66836d97937f2c5a469581672e12c795d770b297817ae3a1',
  schema: adultSchema as TableSchema,
  gzipBase64: adultBytes,
}

/** Telecom customers and whether they churned (IBM sample data), 7,043 × 20, 11 missing total_charges; target `churn`. */
export const telcoChurn: Dataset = {
  name: 'telco_churn',
  description: 'Telecom customers and whether they churned (IBM sample data)',
  rows: 7_043,
  columns: 20,
  target: 'churn',
  source: 'R package modeldata 1.1.0 (wa_churn), Debian r-cran-modeldata',
  license: 'MIT (modeldata)',
  sha256: 'a55b84ce116b3d67bdf35b57033da03f95c3295ddec4ae32a0e7ce3e187187d7',
  schema: telcoSchema as TableSchema,
  gzipBase64: telcoBytes,
}

/** Prices and attributes of round-cut diamonds, 53,940 × 10: float, integer and ordered categorical columns. */
export const diamonds: Dataset = {
  name: 'diamonds',
  description: 'Prices and attributes of round-cut diamonds',
  rows: 53_940,
  columns: 10,
  target: 'price',
  source: 'R package ggplot2 3.4.1 (diamonds), Debian r-cran-ggplot2',
  license: 'MIT (ggplot2)',
  sha256: '9574730b03aba241d899c4a97511c5061b19358fab89510774fb6c24168345c4',
  schema: diamondsSchema as TableSchema,
  gzipBase64: diamondsBytes,
}

/** Palmer penguins measurements, 344 × 7, with missing values: the small one. */
export const penguins: Dataset = {
  name: 'penguins',
  description: 'Palmer penguins measurements',
  rows: 344,
  columns: 7,
  target: 'Species',
  source: 'npm vega-datasets 3.2.1 (penguins.json)',
  license: 'BSD-3-Clause (vega-datasets); data CC0',
  sha256: '78cf4a881120919808bc9a93fb87f1c50e5a74f96115b5adf62d0b80cb81bef1',
  schema: penguinsSchema as TableSchema,
  gzipBase64: penguinsBytes,
}

/** Daily weather in Seattle 2012–2015, 1,461 × 6: ISO dates, floats and a categorical `weather`. */
export const seattleWeather: Dataset = {
  name: 'seattle_weather',
  description: 'Daily weather in Seattle, 2012-2015',
  rows: 1_461,
  columns: 6,
  target: 'weather',
  source: 'npm vega-datasets 3.2.1 (seattle-weather.csv)',
  license: 'BSD-3-Clause (vega-datasets)',
  sha256: '0845078a290b48e3149ab8639966824110a251db4e06fc144c06ebb534af23be',
  schema: weatherSchema as TableSchema,
  gzipBase64: weatherBytes,
}

/** US flight delays, 200,000 × 3 (delay in minutes, distance in miles, hour of day): the scale test. */
export const flights200k: Dataset = {
  name: 'flights_200k',
  description: 'US flight delays: delay (min), distance (miles), time (hour of day)',
  rows: 200_000,
  columns: 3,
  source: 'npm vega-datasets 3.2.1 (flights-200k.json)',
  license: 'BSD-3-Clause (vega-datasets)',
  sha256: 'e65cd3d6f78898485c68ddf34e428d7c53d1f396e94f0276f7bdad24abf4c28f',
  schema: flightsSchema as TableSchema,
  gzipBase64: flightsBytes,
}
