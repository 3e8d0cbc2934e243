import { createPrivacyBudget, discreteLaplaceVectorMechanism, dpCount, unsafeSeededForTesting } from '../src/index.ts'
const rng = unsafeSeededForTesting(1)
for (const e of [0.7, 1.2, 1.3, 1.7, 1.8, 1 / 0.7, 2, 3, 0.3]) {
  for (const d of [1, 2, 3]) {
    const r = discreteLaplaceVectorMechanism(new Float64Array(1e5), { epsilon: e, sensitivity: d, budget: createPrivacyBudget({ epsilon: 100 }), rng })
    let mx = 0; for (const x of r.value) mx = Math.max(mx, Math.abs(x))
    console.log(e, d, 'max|x|', mx, 'scale', d / e)
  }
}
const b = createPrivacyBudget({ epsilon: 1e6 })
const t0 = performance.now()
for (let i = 0; i < 1e4; i++) dpCount(100, { epsilon: 0.7, budget: b, rng })
console.log('dpCount µs/call', (performance.now() - t0) / 1e4 * 1000)
