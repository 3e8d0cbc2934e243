// checkConstraints over 1M rows (diamonds repeated), per constraint and all together. Prints seconds and rows/s.
import '../src/expression-parser'
import { loadColumns } from '../../../testing/data'
import {
  type Constraint,
  checkConstraints,
  fromColumns,
  inferSchema,
  planConstraintTransforms,
  applyConstraintTransforms,
  invertConstraintTransforms,
  take,
} from '../src/index'

function best(f: () => unknown, reps = 3): number {
  let t = Infinity
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now()
    f()
    t = Math.min(t, (performance.now() - t0) / 1000)
  }
  return t
}

const cols = loadColumns('diamonds')
const real = fromColumns(cols, inferSchema(cols).schema)
const N = 1_000_000
const table = take(
  real,
  Int32Array.from({ length: N }, (_, i) => i % real.nRows),
)
const constraints: Constraint[] = [
  { type: 'positive', column: 'x', strict: true },
  { type: 'range', column: 'depth', min: 40, max: 80 },
  { type: 'inequality', low: 'table', high: 'price' },
  {
    type: 'fixedCombinations',
    columns: ['cut', 'color'],
    combinations: [
      ['Ideal', 'E'],
      ['Premium', 'E'],
      ['Good', 'J'],
    ],
  },
  { type: 'regex', column: 'clarity', pattern: 'V?VS[12]|SI[12]|I1|IF' },
  { type: 'expression', expression: 'carat > 0 and (cut == "Ideal" or price / carat > 2000) and abs(x - y) < 1' },
  { type: 'unique', columns: ['carat', 'price'] },
]
console.log(`checkConstraints on ${N.toLocaleString('en-US')} rows (diamonds repeated); best of 3; ${process.version}, ${process.arch}`)
console.log('| constraint | s | rows/s | valid rate |')
console.log('|---|---|---|---|')
for (const con of constraints) {
  const t = best(() => checkConstraints(table, [con]))
  const r = checkConstraints(table, [con]).constraints[0]!
  console.log(`| ${r.name} | ${t.toFixed(3)} | ${Math.round(N / t).toLocaleString('en-US')} | ${r.validRate.toFixed(4)} |`)
}
const tAll = best(() => checkConstraints(table, constraints))
console.log(
  `| all ${constraints.length} together | ${tAll.toFixed(3)} | ${Math.round(N / tAll).toLocaleString('en-US')} | ${checkConstraints(table, constraints).validRate.toFixed(4)} |`,
)
const transformable: Constraint[] = [
  { type: 'positive', column: 'carat', strict: true },
  { type: 'range', column: 'depth', min: 40, max: 80 },
  { type: 'inequality', low: 'table', high: 'price' },
]
const plan = planConstraintTransforms(table.schema, transformable, table)
const tApply = best(() => applyConstraintTransforms(table, plan))
const forward = applyConstraintTransforms(table, plan)
const tInvert = best(() => invertConstraintTransforms(forward, plan, table.schema))
console.log(
  `\nreversible transforms (${plan.steps.length} steps) on ${N.toLocaleString('en-US')} rows: apply ${tApply.toFixed(3)} s, invert ${tInvert.toFixed(3)} s`,
)
