import { FiniteNumber, NonEmptyString, NonNegativeInt, ioTsIssues } from '@synthkit/core'
import { either as E } from 'fp-ts'
import * as t from 'io-ts'
import { GovernanceError } from '../governance/governance-error'
import { ProvenanceCodec } from '../governance/provenance'
import { readJsonFile } from '../io/json-file'
import { IsoTime, Sha256 } from '../synthesizers/model-file'
import { CardGovernance } from './card-governance'

/** Card versions this synthkit reads: 1 (before governance) and 2. */
export const KNOWN_CARD_VERSIONS: readonly number[] = [1, 2]

const Score = t.union([FiniteNumber, t.null])
const CardFileCodec = t.type(
  { path: t.string, sha256: Sha256, bytes: t.union([NonNegativeInt, t.null]), rows: NonNegativeInt, columns: NonNegativeInt },
  'CardFile',
)

/**
 * The parts of a card (JSON twin) that governance commands rely on: files and hashes, schema columns, scores,
 * privacy, sampling, provenance and governance. Other fields are let through (later minor versions add some).
 */
export const ReadCardCodec = t.intersection(
  [
    t.type({
      format: t.literal('synthkit.card'),
      version: t.union([t.literal(1), t.literal(2)]),
      title: t.string,
      purpose: t.union([t.string, t.null]),
      createdAt: IsoTime,
      real: t.union([CardFileCodec, t.null]),
      synthetic: t.union([CardFileCodec, t.null]),
      schema: t.type({ columns: t.array(t.type({ name: t.string, kind: t.string })) }),
      sampling: t.union([t.type({ rows: NonNegativeInt, seed: t.union([NonNegativeInt, t.null]) }), t.null]),
      versions: t.record(t.string, t.string),
      quality: t.union([t.type({ score: Score, columnShapes: Score, columnPairTrends: Score }), t.null]),
      diagnostic: t.union([
        t.intersection([t.type({ score: Score, dataValidity: Score }), t.partial({ constraintValidity: Score })]),
        t.null,
      ]),
      privacy: t.type({
        attacks: t.union([t.type({ maxRisk: Score, maxMiaAuc: Score }), t.null]),
        newRowRate: Score,
      }),
    }),
    t.partial({ id: NonEmptyString, provenance: t.union([ProvenanceCodec, t.null]), governance: CardGovernance }),
  ],
  'DatasetCard',
)
export type ReadCard = t.TypeOf<typeof ReadCardCodec> & { readonly path: string }

/**
 * Decodes a card's JSON twin: not a card → CARD_INVALID; a `version` this synthkit does not know →
 * CARD_VERSION_UNKNOWN (before anything else is checked, so a newer card is never half-read); otherwise every bad
 * field is listed with its path.
 */
export function decodeCard(json: unknown, path: string): E.Either<GovernanceError, ReadCard> {
  const o = json as { format?: unknown; version?: unknown } | null
  if (typeof json !== 'object' || json === null || Array.isArray(json) || o?.format !== 'synthkit.card')
    return E.left(
      new GovernanceError(
        'CARD_INVALID',
        `${path}: not a synthkit card (format ${JSON.stringify(o?.format ?? null)}; expected "synthkit.card", the .json twin written by synthkit card)`,
      ),
    )
  if (typeof o.version !== 'number' || !KNOWN_CARD_VERSIONS.includes(o.version))
    return E.left(
      new GovernanceError(
        'CARD_VERSION_UNKNOWN',
        `${path}: card version ${JSON.stringify(o.version ?? null)} is not one this synthkit reads (${KNOWN_CARD_VERSIONS.join(', ')}); upgrade synthkit`,
      ),
    )
  const decoded = ReadCardCodec.decode(json)
  if (E.isLeft(decoded)) {
    const issues = ioTsIssues(decoded.left)
    return E.left(
      new GovernanceError(
        'CARD_INVALID',
        `${path}: invalid card: ${issues[0] ? `${issues[0].path || '(root)'}: ${issues[0].message}` : 'unreadable'}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`,
        issues.map((i) => `${i.path || '(root)'}: ${i.message}`),
      ),
    )
  }
  const card = decoded.right
  if (card.version === 2 && (card.id === undefined || card.governance === undefined || card.provenance === undefined))
    return E.left(new GovernanceError('CARD_INVALID', `${path}: invalid card: a version 2 card needs id, provenance and governance`))
  return E.right({ ...card, path })
}

/** Reads a card file (the `.json` twin; given `card.md`, its twin `card.json` is read). Throws a GovernanceError. */
export async function readCardFile(path: string): Promise<ReadCard> {
  const json = path.toLowerCase().endsWith('.md') ? `${path.slice(0, -3)}.json` : path
  const r = decodeCard(await readJsonFile(json, 'card'), json)
  if (E.isLeft(r)) throw r.left
  return r.right
}
