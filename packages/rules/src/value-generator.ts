import { type ColumnSpec, type Rng, type ValueGenerator, SynthkitError } from '@synthkit/core'
import { type FakerMethod, type ValueSource, emailSource, fakerSource, isFakerLocale, isFakerMethod, phoneSource } from './faker-methods'
import { compileSymbols } from './internal/symbols'

/** How one column's replacement values are made. */
export type ValueRule =
  | { readonly kind: 'email'; readonly domains?: Readonly<Record<string, number>> }
  | { readonly kind: 'phone'; readonly pattern?: string }
  | { readonly kind: 'faker'; readonly method: string }
  /** `#` digit, `?` capital letter, `*` either, `\` escapes. */
  | { readonly kind: 'pattern'; readonly pattern: string }

/** Options of {@link createValueGenerator}. */
export interface ValueGeneratorOptions {
  /** faker locale for names, addresses, phone formats (default `en`). */
  readonly locale?: string
  /** Rules by column name; other columns are recognised by name and description. */
  readonly columns?: Readonly<Record<string, ValueRule>>
  /**
   * Domain shares of e-mail columns (e.g. `{ 'gmail.com': 0.4, 'corp.example': 0.6 }`), when the real column's mix
   * is known and public; default: the locale's free e-mail providers, uniformly.
   */
  readonly emailDomains?: Readonly<Record<string, number>>
  /** Format of phone columns (`(###) ###-####`); default: a format given in the column's description, else the locale's. */
  readonly phonePattern?: string
}

// Name cues, checked in order (first match wins).
const CUES: readonly [RegExp, FakerMethod | 'email' | 'phone'][] = [
  [/e-?mail/i, 'email'],
  [/phone|mobile|cell|fax|tel/i, 'phone'],
  [/first.?name|given.?name|forename/i, 'person.firstName'],
  [/last.?name|surname|family.?name/i, 'person.lastName'],
  [/user.?name|login|handle/i, 'internet.userName'],
  [/street|address/i, 'location.streetAddress'],
  [/city|town/i, 'location.city'],
  [/zip|postal|post.?code/i, 'location.zipCode'],
  [/country/i, 'location.country'],
  [/state|province|region/i, 'location.state'],
  [/company|employer|organi[sz]ation/i, 'company.name'],
  [/job|title|occupation/i, 'person.jobTitle'],
  [/name/i, 'person.fullName'],
]

/** A format written in a column's public description: `format: (###) ###-####` or `pattern: ...`. */
function describedFormat(spec: ColumnSpec): string | undefined {
  const m = /(?:format|pattern)\s*[:=]\s*(.+?)\s*$/i.exec(spec.description ?? '')
  return m ? m[1] : undefined
}

/**
 * A {@link ValueGenerator} for pii and free-text columns of any synthkit sampler: realistic, format-preserving values
 * drawn from faker's locale data with the sampler's seeded Rng — e-mails with the given domain mix, phones in the
 * column's format, names and addresses by locale. It never sees the real column: it reads only the column's schema
 * (name, kind, description, bounds) and these options, so nothing from the data can leak into the values.
 */
export function createValueGenerator(options: ValueGeneratorOptions = {}): ValueGenerator {
  const locale = options.locale ?? 'en'
  if (!isFakerLocale(locale))
    throw new SynthkitError('OPTIONS_INVALID', 'Unknown locale', [{ path: 'locale', message: `unknown locale ${JSON.stringify(locale)}` }])
  const invalid = (path: string, message: string): never => {
    throw new SynthkitError('OPTIONS_INVALID', 'Invalid value generator options', [{ path, message }])
  }
  const fromFaker = (method: string, path: string): ValueSource => {
    if (!isFakerMethod(method)) return invalid(path, `unknown faker method ${JSON.stringify(method)}`)
    const s = fakerSource(method, locale)
    return typeof s === 'string' ? invalid(path, s) : s
  }
  const checkShares = (domains: Readonly<Record<string, number>>, path: string) => {
    const entries = Object.entries(domains)
    if (
      entries.length === 0 ||
      entries.some(([d, w]) => !(w >= 0) || !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(d)) ||
      entries.every(([, w]) => w === 0)
    ) {
      invalid(path, 'expected domain names with non-negative shares, not all 0')
    }
  }
  if (options.emailDomains) checkShares(options.emailDomains, 'emailDomains')
  const ruleSource = (rule: ValueRule, path: string): ValueSource => {
    switch (rule.kind) {
      case 'email':
        if (rule.domains) checkShares(rule.domains, `${path}.domains`)
        return emailSource(locale, rule.domains ?? options.emailDomains)
      case 'phone':
        return phoneSource(locale, rule.pattern ?? options.phonePattern)
      case 'faker':
        return fromFaker(rule.method, `${path}.method`)
      case 'pattern':
        return compileSymbols(rule.pattern, '#?*')
    }
  }
  const explicit = new Map<string, ValueSource>()
  for (const [name, rule] of Object.entries(options.columns ?? {})) explicit.set(name, ruleSource(rule, `columns.${name}`))

  const inferred = new Map<string, ValueSource | null>()
  const sourceFor = (spec: ColumnSpec): ValueSource | null => {
    const hit = explicit.get(spec.name) ?? inferred.get(spec.name)
    if (hit !== undefined) return hit
    const format = describedFormat(spec)
    const text = `${spec.name} ${spec.description ?? ''}`
    const cue = CUES.find(([re]) => re.test(spec.name)) ?? CUES.find(([re]) => re.test(text))
    let source: ValueSource | null
    if (cue?.[1] === 'email') source = emailSource(locale, options.emailDomains)
    else if (cue?.[1] === 'phone') source = phoneSource(locale, options.phonePattern ?? format)
    else if (format !== undefined) source = compileSymbols(format, '#?*')
    else if (cue) source = fromFaker(cue[1], `columns.${spec.name}`)
    else if (spec.kind === 'text' && spec.sensitivity !== 'pii') source = wordsSource(fromFaker('lorem.word', 'lorem'))
    else if (spec.kind === 'id' || spec.kind === 'text' || spec.kind === 'categorical') source = compileSymbols('??######', '#?*')
    else source = null
    inferred.set(spec.name, source)
    return source
  }
  return (spec: ColumnSpec, _row: number, rng: Rng) => {
    if (spec.kind === 'numerical' || spec.kind === 'datetime') {
      // A numeric pii column (an account number stored as a number): uniform over its bounds, else missing.
      if (spec.min === undefined || spec.max === undefined) return null
      if (spec.kind === 'numerical' && spec.type === 'int') return Math.floor(spec.min + rng.next() * (spec.max - spec.min + 1))
      return spec.min + rng.next() * (spec.max - spec.min)
    }
    if (spec.kind === 'boolean') return rng.next() < 0.5
    const source = sourceFor(spec)
    return source === null ? null : source.render(rng)
  }
}

/** Free text: five to twelve words. */
function wordsSource(word: ValueSource): ValueSource {
  return {
    capacity: Infinity,
    render: (rng) => {
      const k = 5 + Math.floor(rng.next() * 8)
      let s = word.render(rng)
      for (let i = 1; i < k; i++) s += ` ${word.render(rng)}`
      return s[0]!.toUpperCase() + s.slice(1) + '.'
    },
  }
}
