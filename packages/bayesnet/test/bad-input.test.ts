import { type SynthkitError, createRng, isSynthkitError } from '@synthkit/core'
import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import {
  decodeBayesNetModel,
  decodeBayesNetOptions,
  decodePrivBayesOptions,
  fitBayesNet,
  fitPrivBayes,
  greedyStructure,
  sampleBayesNet,
} from '../src/index'
import { loadTable } from './helpers'
import { declaredPublic } from './public-schema'

function caught(f: () => unknown): SynthkitError {
  try {
    f()
  } catch (e) {
    if (isSynthkitError(e)) return e
    throw e
  }
  throw new Error('expected a SynthkitError')
}

const telco = () => declaredPublic(loadTable('telco_churn', 500))

describe('bad input gets a typed error naming the problem', () => {
  it('ε ≤ 0, NaN or ∞, and a missing noise source', () => {
    const { table } = telco()
    for (const epsilon of [0, -1, Number.NaN, Infinity]) {
      const e = caught(() => fitPrivBayes(table, {}, { epsilon, noise: createRng(1) }))
      expect(e.code).toBe('PARAMETER_INVALID')
      expect(e.issues[0].path).toBe('privacy.epsilon')
    }
    expect(caught(() => fitPrivBayes(table, {}, { epsilon: 1 } as never)).issues.map((i) => i.path)).toContain('privacy.noise')
  })

  it('k larger than the columns allow, in both modes', () => {
    const { table, nullable } = telco()
    const e = caught(() => fitBayesNet(table, { degree: 20 }))
    expect(e.code).toBe('OPTIONS_INVALID')
    expect(e.issues[0]).toMatchObject({ path: 'degree' })
    expect(caught(() => fitPrivBayes(table, { degree: 25, nullable }, { epsilon: 1, noise: createRng(1) })).issues[0].path).toBe('degree')
  })

  it('a structure search whose candidate parent sets would explode is refused, not run for hours', () => {
    const states = new Array(60).fill(2)
    const e = caught(() => greedyStructure({ states, degree: 5, root: 0, maxCells: 2 ** 20, choose: () => 0 }))
    expect(e.code).toBe('UNSUPPORTED')
    expect(e.issues[0].path).toBe('degree')
  })

  it('a budget too small for the requested split', () => {
    const { table, nullable } = telco()
    const e = caught(() => fitPrivBayes(table, { nullable }, { epsilon: 1e-5, noise: createRng(1) }))
    expect(e.code).toBe('PRIVACY_BUDGET_EXCEEDED')
    expect(e.message).toMatch(/too small for the requested split/)
  })

  it('category sets not declared in the schema, and missing values in a column declared complete', () => {
    const t = loadTable('telco_churn', 500)
    const e = caught(() => fitPrivBayes(t, {}, { epsilon: 1, noise: createRng(1) }))
    expect(e.code).toBe('SCHEMA_INVALID')
    expect(e.issues.some((i) => i.message.includes('category sets from the schema only'))).toBe(true)
    const { table } = telco()
    // total_charges has missing values: declaring no column nullable is refused
    const full = loadTable('telco_churn')
    const pub = declaredPublic(full)
    expect(pub.nullable).toContain('total_charges')
    expect(caught(() => fitPrivBayes(pub.table, { nullable: [] }, { epsilon: 1, noise: createRng(1) })).message).toMatch(/missing values/)
    expect(caught(() => fitPrivBayes(table, { nullable: ['nope'] }, { epsilon: 1, noise: createRng(1) })).issues[0].path).toBe(
      'options.nullable.0',
    )
  })

  it('options with typos or out-of-range values, every problem with its path', () => {
    const a = decodeBayesNetOptions({ degre: 2 })
    expect(E.isLeft(a) && a.left.issues.map((i) => i.path)).toEqual(['degre'])
    const c = decodeBayesNetOptions({ degree: 0, bins: 1.5 })
    expect(E.isLeft(c) && c.left.issues.map((i) => i.path).sort()).toEqual(['bins', 'degree'])
    const b = decodePrivBayesOptions({ structureShare: 1.5, theta: -1 })
    expect(E.isLeft(b) && b.left.issues.map((i) => i.path).sort()).toEqual(['structureShare', 'theta'])
    expect(E.isLeft(decodeBayesNetOptions({ structure: 'chow-liu', degree: 2 }))).toBe(true)
  })

  describe('a tampered model file', () => {
    const model = () => JSON.parse(JSON.stringify(fitBayesNet(loadTable('telco_churn', 500), {}, { rng: createRng(1) })))
    const problems = (m: unknown) => {
      const r = decodeBayesNetModel(m)
      if (E.isRight(r)) throw new Error('expected the model to be refused')
      expect(r.left.code).toBe('MODEL_INVALID')
      return r.left.issues
    }

    it('decodes untouched', () => expect(E.isRight(decodeBayesNetModel(model()))).toBe(true))

    it('is refused by the samplers too, not only by decodeBayesNetModel', () => {
      const m = model()
      m.nodes[2].cpt[0] = 2
      const e = caught(() => sampleBayesNet(m, 10, createRng(1)))
      expect(e.code).toBe('MODEL_INVALID')
    })

    it('a CPT that does not sum to 1', () => {
      const m = model()
      m.nodes[3].cpt[0] += 0.01
      expect(problems(m)).toEqual([expect.objectContaining({ path: 'nodes.3.cpt', message: expect.stringMatching(/sums to .* not 1/) })])
    })

    it('a cycle in the graph', () => {
      const m = model()
      const child = m.nodes.findIndex((n: { parents: number[] }) => n.parents.length > 0)
      const parent = m.nodes[child].parents[0]
      // make the parent depend on the child too, with a CPT of the right size, so only the cycle is wrong
      const pn = m.nodes[parent]
      const count = (q: number) =>
        (m.nodes[q].states.labels ?? m.nodes[q].states.values ?? []).length ||
        m.nodes[q].states.edges.length - 1 + (m.nodes[q].states.missing ? 1 : 0)
      const childStates = count(child)
      const ps = count(parent)
      pn.cpt = Array.from({ length: childStates }, () => pn.cpt.slice(0, ps)).flat()
      pn.parents = [child]
      expect(
        problems(m)
          .map((i) => i.message)
          .join(),
      ).toMatch(/cycle/)
    })

    it('a parent index out of range', () => {
      const m = model()
      const child = m.nodes.findIndex((n: { parents: number[] }) => n.parents.length > 0)
      m.nodes[child].parents[0] = 99
      expect(problems(m)).toEqual([
        expect.objectContaining({ path: `nodes.${child}.parents.0`, message: expect.stringMatching(/out of range/) }),
      ])
    })

    it('bins that do not increase', () => {
      const m = model()
      const i = m.nodes.findIndex((n: { states: { type: string } }) => n.states.type === 'bins')
      const e = m.nodes[i].states.edges
      ;[e[1], e[2]] = [e[2], e[1]]
      expect(problems(m).some((p) => p.path === `nodes.${i}.states.edges.2` && /must increase/.test(p.message))).toBe(true)
    })

    it('a wrong CPT length, a negative probability and an unknown field', () => {
      const m = model()
      m.nodes[0].cpt.pop()
      expect(problems(m)[0].message).toMatch(/expected .* probabilities/)
      const m2 = model()
      m2.nodes[1].cpt[0] = -0.5
      m2.nodes[1].cpt[1] += 1
      expect(problems(m2)[0].message).toMatch(/\[0, 1\]/)
      const m3 = model()
      m3.nodes[0].extra = 1
      expect(problems(m3)[0].path).toBe('nodes.0.extra')
    })
  })

  it('a zero-probability condition on a fitted model', () => {
    const m = fitBayesNet(loadTable('telco_churn', 500), {}, { rng: createRng(1) })
    // in the data, online_security is "No internet service" exactly when internet_service is "No"
    const e = caught(() => sampleBayesNet(m, 10, createRng(1), { conditions: { internet_service: 'No', online_security: 'Yes' } }))
    expect(e.code).toBe('CONDITION_INVALID')
  })
})
