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
  learnConstraints,
  repairConstraints,
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

// Relational constraints on the same 1M rows: check, and enforcement by construction (repair) of rows whose columns
// were shuffled independently (so most rows break them), as a sampler that ignores the relations would produce.
const relational = learnConstraints(table, [
  { type: 'functionalDependency', determinant: ['clarity'], dependent: 'cut' },
  { type: 'conditional', when: { column: 'cut', equals: 'Fair' }, column: 'x', then: 'zero' },
  { type: 'missingTogether', columns: ['x', 'y'] },
  { type: 'fixedCombinations', columns: ['cut', 'color'] },
])
const scrambled = take(
  table,
  Int32Array.from({ length: N }, (_, i) => (i * 7919) % N),
)
const mixed = { ...table, columns: { ...table.columns, cut: scrambled.columns.cut!, x: scrambled.columns.x! } }
console.log('\n| relational constraint | check s | repair s | rows/s (repair) | valid before → after repair |\n|---|---:|---:|---:|---|')
for (const con of relational) {
  const tCheck = best(() => checkConstraints(mixed, [con]))
  const tRepair = best(() => repairConstraints(mixed, [con]))
  const before = checkConstraints(mixed, [con]).constraints[0]!
  const after = checkConstraints(repairConstraints(mixed, [con]), [con]).constraints[0]!
  console.log(
    `| ${before.name} | ${tCheck.toFixed(3)} | ${tRepair.toFixed(3)} | ${Math.round(N / tRepair).toLocaleString('en-US')} | ${before.validRate.toFixed(4)} → ${after.validRate.toFixed(4)} |`,
  )
}
