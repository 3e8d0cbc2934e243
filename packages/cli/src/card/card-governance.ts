import { FiniteNumber, NonEmptyString, NonNegativeInt, type PrivacyGuarantee, ioTsIssues, strictObject } from '@synthkit/core'
import { either as E } from 'fp-ts'
import * as t from 'io-ts'
import { IsoTime } from '../synthesizers/model-file'
import { GovernanceError } from '../governance/governance-error'

/**
 * Who may see the data: the four levels most data-classification policies use (public < internal < confidential <
 * restricted).
 */
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const
const Classification = t.keyof({ public: null, internal: null, confidential: null, restricted: null }, 'Classification')

/** A sign-off: who approved, when, and what exactly (a release, a use, a recipient). */
export const Approval = strictObject({ by: NonEmptyString, at: IsoTime, scope: NonEmptyString }, {}, 'Approval')
export type Approval = t.TypeOf<typeof Approval>

/** A column not modelled (generated instead, or left out) and why. */
const ColumnExclusion = strictObject({ name: NonEmptyString, reason: NonEmptyString }, {}, 'ColumnExclusion')
/** Training rows dropped (null count: not counted) and why. */
const RowExclusion = strictObject({ count: t.union([NonNegativeInt, t.null]), reason: NonEmptyString }, {}, 'RowExclusion')

/**
 * The reviewer-facing part of a dataset card. Names follow Hugging Face's dataset card ("Uses: Direct Use,
 * Out-of-Scope Use"; "Personal and Sensitive Information"; "Bias, Risks, and Limitations") and Datasheets for
 * Datasets (Gebru et al. 2021: "Preprocessing/cleaning" for what was dropped; "Maintenance" for owner, steward,
 * retention).
 */
export const CardGovernance = strictObject(
  {
    uses: strictObject(
      {
        /** Intended uses (HF "Direct Use"). */
        direct: t.array(t.string),
        /** Prohibited uses (HF "Out-of-Scope Use"). */
        outOfScope: t.array(t.string),
      },
      {},
      'Uses',
    ),
    /** Accountable for the release (Datasheets: "Who will be supporting/maintaining the dataset?"). */
    owner: t.union([t.string, t.null]),
    /** Day-to-day contact (HF "Dataset Card Contact"). */
    steward: t.union([t.string, t.null]),
    approvals: t.array(Approval),
    classification: t.union([Classification, t.null]),
    license: t.union([t.string, t.null]),
    /** When the release must be deleted: a period from the card's creation, and the resulting time. */
    retention: strictObject({ period: t.union([t.string, t.null]), expiresAt: t.union([IsoTime, t.null]) }, {}, 'Retention'),
    /** HF "Personal and Sensitive Information", restated as the guarantee and the measured risk. */
    privacyPosture: strictObject(
      {
        differentiallyPrivate: t.boolean,
        statement: t.string,
        attacksRun: t.boolean,
        maxRisk: t.union([FiniteNumber, t.null]),
        maxMiaAuc: t.union([FiniteNumber, t.null]),
      },
      {},
      'PrivacyPosture',
    ),
    /** Datasheets "Preprocessing/cleaning": what did not go into the model. */
    exclusions: strictObject({ columns: t.array(ColumnExclusion), rows: t.array(RowExclusion) }, {}, 'Exclusions'),
  },
  {},
  'CardGovernance',
)
export type CardGovernance = t.TypeOf<typeof CardGovernance>

/** What a person releasing data states (`--governance FILE.json` and the card flags); everything optional. */
export const GovernanceInputCodec = strictObject(
  {},
  {
    owner: NonEmptyString,
    steward: NonEmptyString,
    uses: strictObject({}, { direct: t.array(NonEmptyString), outOfScope: t.array(NonEmptyString) }, 'UsesInput'),
    approvals: t.array(Approval),
    classification: Classification,
    license: NonEmptyString,
    /** `90d`, `12w`, `6m`, `1y` from the card's creation, or an ISO date/time. */
    retention: NonEmptyString,
    exclusions: strictObject({}, { columns: t.array(ColumnExclusion), rows: t.array(RowExclusion) }, 'ExclusionsInput'),
    /** Further known limitations, appended to the card's own. */
    limitations: t.array(NonEmptyString),
  },
  'GovernanceInput',
)
export type GovernanceInput = t.TypeOf<typeof GovernanceInputCodec>

/** Decodes a governance options object, listing every bad field with its path. */
export function decodeGovernanceInput(u: unknown): E.Either<GovernanceError, GovernanceInput> {
  return E.mapLeft((errors: t.Errors) => {
    const issues = ioTsIssues(errors)
    return new GovernanceError(
      'GOVERNANCE_INVALID',
      `invalid governance options: ${issues[0] ? `${issues[0].path || '(root)'}: ${issues[0].message}` : 'unreadable'}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`,
      issues.map((i) => `${i.path || '(root)'}: ${i.message}`),
    )
  })(GovernanceInputCodec.decode(u))
}

const PERIOD = /^(\d+)\s*([dwmy])$/

/** Adds calendar months in UTC, keeping the day but not past the month's end (31 Jan + 1 month = 28/29 Feb). */
function addCalendarMonths(d: Date, months: number): void {
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() + months)
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, last))
}

/**
 * A retention as the card records it: a period (`90d`, `12w`, `6m`, `1y`; months and years are calendar months
 * and years in UTC) counted from `createdAt`, or an absolute ISO date/time. Anything else is a typed error.
 */
export function parseRetention(text: string, createdAt: string): CardGovernance['retention'] {
  const m = PERIOD.exec(text.trim())
  if (m) {
    const n = Number(m[1])
    const d = new Date(createdAt)
    if (m[2] === 'd') d.setUTCDate(d.getUTCDate() + n)
    else if (m[2] === 'w') d.setUTCDate(d.getUTCDate() + 7 * n)
    else addCalendarMonths(d, m[2] === 'm' ? n : 12 * n)
    if (n === 0 || Number.isNaN(d.getTime()))
      throw new GovernanceError('GOVERNANCE_INVALID', `retention "${text}": expected a period > 0 such as 90d, 12w, 6m or 1y`)
    return { period: `${n}${m[2]}`, expiresAt: d.toISOString() }
  }
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) {
    const d = new Date(text.trim().length === 10 ? `${text.trim()}T00:00:00Z` : text.trim())
    if (!Number.isNaN(d.getTime())) return { period: null, expiresAt: d.toISOString() }
  }
  throw new GovernanceError('GOVERNANCE_INVALID', `retention "${text}": expected a period (90d, 12w, 6m, 1y) or an ISO date (2027-01-31)`)
}

/** What the card itself knows that the governance section restates. */
export interface GovernanceContext {
  readonly createdAt: string
  readonly privacy: PrivacyGuarantee | null
  readonly attacks: { readonly maxRisk: number | null; readonly maxMiaAuc: number | null } | null
  /** Columns samplers do not learn from (pii, ids, free text) with their kind or tag. */
  readonly generatedColumns: readonly { readonly name: string; readonly why: 'pii' | 'id' | 'text' }[]
  /** Rows held out of the fit (`fit --holdout-fraction`). */
  readonly heldOutRows: number | null
}

const GENERATED_REASON: Readonly<Record<'pii' | 'id' | 'text', string>> = {
  pii: 'tagged pii: never learned from; values are generated',
  id: 'identifier: not modelled; new ids are generated',
  text: 'free text: not modelled; values are generated',
}

/** The governance section of a card: the person's statements plus what synthkit knows (privacy, exclusions). */
export function resolveGovernance(input: GovernanceInput | undefined, ctx: GovernanceContext): CardGovernance {
  const dp = ctx.privacy
  const statement =
    dp === null
      ? 'unknown: no model was given, so no guarantee is recorded'
      : dp.kind === 'none'
        ? `not differentially private${dp.statement ? ` — ${dp.statement.replace(/^not differentially private[:.,;]?\s*/i, '')}` : ''}`
        : `differentially private: ε = ${dp.epsilon}, δ = ${dp.delta} (${dp.neighbouring.replaceAll('-', ' ')} neighbours)${dp.fitForRelease ? '' : '; seeded noise: NOT fit for release'}`
  const named = new Set((input?.exclusions?.columns ?? []).map((c) => c.name))
  return {
    uses: { direct: [...(input?.uses?.direct ?? [])], outOfScope: [...(input?.uses?.outOfScope ?? [])] },
    owner: input?.owner ?? null,
    steward: input?.steward ?? null,
    approvals: [...(input?.approvals ?? [])],
    classification: input?.classification ?? null,
    license: input?.license ?? null,
    retention: input?.retention ? parseRetention(input.retention, ctx.createdAt) : { period: null, expiresAt: null },
    privacyPosture: {
      differentiallyPrivate: dp !== null && dp.kind !== 'none',
      statement,
      attacksRun: ctx.attacks !== null,
      maxRisk: ctx.attacks?.maxRisk ?? null,
      maxMiaAuc: ctx.attacks?.maxMiaAuc ?? null,
    },
    exclusions: {
      columns: [
        ...ctx.generatedColumns.filter((c) => !named.has(c.name)).map((c) => ({ name: c.name, reason: GENERATED_REASON[c.why] })),
        ...(input?.exclusions?.columns ?? []),
      ],
      rows: [
        ...(ctx.heldOutRows
          ? [{ count: ctx.heldOutRows, reason: 'held out of the fit for the privacy attacks (fit --holdout-fraction)' }]
          : []),
        ...(input?.exclusions?.rows ?? []),
      ],
    },
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function list(items: readonly string[], none: string): string[] {
  return items.length > 0 ? items.map((i) => `- ${i}`) : [`- _${none}_`]
}

/** The governance section as Markdown (placed after the purpose, where a reviewer starts). */
export function renderGovernanceMarkdown(g: CardGovernance, id: string): string[] {
  const out: string[] = []
  out.push('## Uses', '', '### Direct use (intended)', '', ...list(g.uses.direct, 'Not stated (`--intended-use`).'), '')
  out.push('### Out-of-scope use (prohibited)', '', ...list(g.uses.outOfScope, 'Not stated (`--prohibited-use`).'), '')
  out.push(
    '## Governance',
    '',
    `| field | value |`,
    '|---|---|',
    `| Card id | \`${id}\` |`,
    `| Owner | ${g.owner === null ? '_not stated_' : cell(g.owner)} |`,
    `| Steward (contact) | ${g.steward === null ? '_not stated_' : cell(g.steward)} |`,
    `| Classification | ${g.classification ?? '_not classified_'} |`,
    `| License | ${g.license === null ? '_not stated_' : cell(g.license)} |`,
    `| Retention | ${g.retention.expiresAt ? `until ${g.retention.expiresAt}${g.retention.period ? ` (${g.retention.period} from creation)` : ''}` : '_no expiry set_'} |`,
    `| Privacy posture | ${cell(g.privacyPosture.statement)}; attacks ${g.privacyPosture.attacksRun ? `run (highest risk ${g.privacyPosture.maxRisk ?? 'n/a'}, MIA AUC ${g.privacyPosture.maxMiaAuc ?? 'n/a'})` : 'not run'} |`,
    '',
  )
  out.push('### Approvals', '')
  if (g.approvals.length === 0) out.push('- _None recorded: this release has not been signed off._', '')
  else out.push('| who | when | what |', '|---|---|---|', ...g.approvals.map((a) => `| ${cell(a.by)} | ${a.at} | ${cell(a.scope)} |`), '')
  out.push('### Exclusions', '')
  const rows = [
    ...g.exclusions.columns.map((c) => `- Column \`${c.name}\`: ${c.reason}`),
    ...g.exclusions.rows.map((r) => `- ${r.count === null ? 'Rows' : `${r.count.toLocaleString('en-US')} rows`}: ${r.reason}`),
  ]
  out.push(...(rows.length > 0 ? rows : ['- _Nothing excluded: every column was modelled from every row._']), '')
  return out
}
