// Φ⁻¹ in SQL: Wichura's AS 241 (PPND16, Applied Statistics 37(3), 1988, 477–484), about 16 significant digits —
// the copula's normal scores computed where the data lives. Coefficients as published in the paper.
const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
  33430.575583588128105, 2509.0809287301226727,
]
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
  5226.495278852854561,
]
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
  0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
]
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966,
  5.475938084995344946e-4, 1.05075007164441684324e-9,
]
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
  0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
]
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5,
  1.4215117583164458887e-7, 2.04426310338993978564e-15,
]

/** Horner's scheme as SQL text, c[0] the constant term. */
function horner(c: readonly number[], x: string): string {
  let s = String(c[c.length - 1])
  for (let i = c.length - 2; i >= 0; i--) s = `(${s}) * ${x} + ${String(c[i])}`
  return s
}

/**
 * The SQL body of Φ⁻¹(p) for 0 < p < 1, over the parameter name `p` (both DuckDB and PostgreSQL: `ln`, `sqrt`,
 * `abs`, `CASE`). Used as a DuckDB macro and a PostgreSQL SQL function so that the expression appears once.
 */
export function phiInverseBody(p = 'p'): string {
  const q = `(${p} - 0.5)`
  const r1 = `(0.180625 - ${q} * ${q})`
  const tail = `sqrt(-ln(CASE WHEN ${q} < 0 THEN ${p} ELSE 1 - ${p} END))`
  const mid = `(${tail} - 1.6)`
  const far = `(${tail} - 5.0)`
  const sign = `CASE WHEN ${q} < 0 THEN -1.0 ELSE 1.0 END`
  return (
    `CASE WHEN abs(${q}) <= 0.425 THEN ${q} * (${horner(A, r1)}) / (${horner(B, r1)}) ` +
    `WHEN ${tail} <= 5.0 THEN ${sign} * (${horner(C, mid)}) / (${horner(D, mid)}) ` +
    `ELSE ${sign} * (${horner(E, far)}) / (${horner(F, far)}) END`
  )
}

/** Name of the SQL function the statements define and call. */
export const PHI_INVERSE_FUNCTION = 'synthkit_phi_inv'

/** Statements defining {@link PHI_INVERSE_FUNCTION} in a dialect. */
export function definePhiInverse(dialect: 'duckdb' | 'postgres'): string {
  if (dialect === 'duckdb') return `CREATE OR REPLACE TEMP MACRO ${PHI_INVERSE_FUNCTION}(p) AS (${phiInverseBody('p')})`
  return (
    `CREATE OR REPLACE FUNCTION pg_temp.${PHI_INVERSE_FUNCTION}(p double precision) RETURNS double precision ` +
    `LANGUAGE sql IMMUTABLE AS $$ SELECT ${phiInverseBody('p')} $$`
  )
}
