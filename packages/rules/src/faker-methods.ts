import { allFakers } from '@faker-js/faker'
import { type Rng } from '@synthkit/core'
import { compileSymbols } from './internal/symbols'
import { aliasSampler, pickIndex } from './internal/weighted'

/**
 * Values drawn from faker's locale data (`allFakers[locale].definitions`) with synthkit's seeded Rng, without calling
 * faker's methods: each method is compiled once per locale into list picks and template parts, so a cell costs a few
 * array reads and string concatenations instead of a faker call (the speed figure in the README). Only the methods
 * listed in {@link FAKER_METHODS} exist: a spec names a method by path and never reaches any other property.
 */

/** One compiled value source: `render` draws a value, `capacity` bounds the number of distinct values. */
export interface ValueSource {
  readonly render: (rng: Rng) => string
  readonly capacity: number
}

/** The faker methods a scenario may name, and whether their values are personal data (tagged `pii` in the schema). */
export const FAKER_METHODS = {
  'person.firstName': { pii: true },
  'person.lastName': { pii: true },
  'person.middleName': { pii: true },
  'person.fullName': { pii: true },
  'person.prefix': { pii: false },
  'person.suffix': { pii: false },
  'person.jobTitle': { pii: false },
  'person.jobArea': { pii: false },
  'person.jobType': { pii: false },
  'internet.email': { pii: true },
  'internet.userName': { pii: true },
  'internet.domainName': { pii: false },
  'phone.number': { pii: true },
  'location.streetAddress': { pii: true },
  'location.street': { pii: false },
  'location.buildingNumber': { pii: false },
  'location.secondaryAddress': { pii: false },
  'location.city': { pii: false },
  'location.zipCode': { pii: false },
  'location.county': { pii: false },
  'location.state': { pii: false },
  'location.country': { pii: false },
  'company.name': { pii: false },
  'commerce.department': { pii: false },
  'commerce.productName': { pii: false },
  'color.human': { pii: false },
  'animal.type': { pii: false },
  'word.noun': { pii: false },
  'word.adjective': { pii: false },
  'word.verb': { pii: false },
  'lorem.word': { pii: false },
  'music.genre': { pii: false },
  'vehicle.manufacturer': { pii: false },
} as const satisfies Record<string, { pii: boolean }>
export type FakerMethod = keyof typeof FAKER_METHODS

/** Locale codes faker ships (`en`, `de`, `fr`, `ja`, `en_GB`, …). */
export const FAKER_LOCALES: readonly string[] = Object.keys(allFakers).filter((l) => l !== 'base')

/** Whether `name` is a method of {@link FAKER_METHODS} (own key; `constructor`, `__proto__` are not). */
export function isFakerMethod(name: string): name is FakerMethod {
  return Object.prototype.hasOwnProperty.call(FAKER_METHODS, name)
}

/** Whether faker ships the locale. */
export function isFakerLocale(locale: string): boolean {
  return FAKER_LOCALES.includes(locale)
}

class Unavailable extends Error {}

type Definitions = Record<string, Record<string, unknown>>

function definitions(locale: string): Definitions {
  return (allFakers as unknown as Record<string, { definitions: Definitions }>)[locale]!.definitions
}

/** A locale entry, or undefined when this locale (and its fallbacks) has none (faker's proxy throws on a miss). */
function entry(locale: string, path: string): unknown {
  const [section, ...rest] = path.split('.')
  try {
    let v: unknown = definitions(locale)[section!]
    for (const k of rest) v = v === undefined || v === null ? undefined : (v as Record<string, unknown>)[k]
    return v
  } catch {
    return undefined
  }
}

function strings(v: unknown): string[] | undefined {
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v as string[]
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>
    // The union of the generic, female and male lists: some locales keep only a handful of generic names.
    const merged = [...new Set([...(strings(o['generic']) ?? []), ...(strings(o['female']) ?? []), ...(strings(o['male']) ?? [])])]
    return merged.length > 0 ? merged : undefined
  }
  return undefined
}

function listSource(values: readonly string[]): ValueSource {
  const distinct = new Set(values).size
  const n = values.length
  return { render: (rng) => values[pickIndex(rng, n)]!, capacity: distinct }
}

function required(locale: string, path: string): string[] {
  const v = strings(entry(locale, path))
  if (!v) throw new Unavailable(`faker's locale "${locale}" has no data for ${path}`)
  return v
}

/** Entries with faker's symbols (`#` digit, `?` letter) and, in some locales, `{{…}}` template parts. */
function symbolList(values: readonly string[], locale: string, cache: Map<string, ValueSource>, depth: number): ValueSource {
  const compiled = values.map((v) => (v.includes('{{') ? templateSource(locale, v, cache, depth, true) : compileSymbols(v)))
  const n = compiled.length
  return { render: (rng) => compiled[pickIndex(rng, n)]!.render(rng), capacity: compiled.reduce((a, c) => a + c.capacity, 0) }
}

/** A template such as `{{person.firstName}} {{person.lastName}}` compiled into parts. */
function templateSource(locale: string, template: string, cache: Map<string, ValueSource>, depth: number, symbols = false): ValueSource {
  if (/\{\{[^}]*\(/.test(template))
    throw new Unavailable(`faker's locale "${locale}" computes part of this value with a faker call (${template})`)
  const parts: (string | ValueSource)[] = []
  let last = 0
  const literal = (text: string) => (symbols ? compileSymbols(text) : text)
  for (const m of template.matchAll(/\{\{([^}]+)\}\}/g)) {
    if (m.index! > last) parts.push(literal(template.slice(last, m.index)))
    parts.push(resolve(locale, m[1]!.trim(), cache, depth + 1))
    last = m.index! + m[0].length
  }
  if (last < template.length) parts.push(literal(template.slice(last)))
  const capacity = parts.reduce<number>((a, p) => (typeof p === 'string' ? a : a * p.capacity), 1)
  if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]!
  return {
    capacity,
    render: (rng) => {
      let s = ''
      for (const p of parts) s += typeof p === 'string' ? p : p.render(rng)
      return s
    },
  }
}

/** A list of templates, plain or weighted (`{ value, weight }`). */
function patternSource(locale: string, v: unknown, path: string, cache: Map<string, ValueSource>, depth: number): ValueSource {
  const items: { value: string; weight: number }[] = []
  if (typeof v === 'string') items.push({ value: v, weight: 1 })
  else if (Array.isArray(v)) {
    for (const x of v) {
      if (typeof x === 'string') items.push({ value: x, weight: 1 })
      else if (x && typeof x === 'object' && typeof (x as { value?: unknown }).value === 'string') {
        items.push({ value: (x as { value: string }).value, weight: Number((x as { weight?: unknown }).weight ?? 1) })
      }
    }
  } else if (v && typeof v === 'object' && 'generic' in v)
    return patternSource(locale, (v as { generic: unknown }).generic, path, cache, depth)
  if (items.length === 0) throw new Unavailable(`faker's locale "${locale}" has no data for ${path}`)
  const sources = items.map((i) => templateSource(locale, i.value, cache, depth))
  const capacity = sources.reduce((a, s) => a + s.capacity, 0)
  if (sources.length === 1) return sources[0]!
  const pick = aliasSampler(items.map((i) => i.weight))
  return { capacity, render: (rng) => sources[pick(rng)]!.render(rng) }
}

function toAsciiLower(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/** Latin-letter versions of a name list; other scripts fall back to English names (e-mail local parts are ASCII). */
function asciiNames(locale: string, path: string): string[] {
  const cleaned = required(locale, path)
    .map(toAsciiLower)
    .filter((s) => s.length > 0)
  return cleaned.length >= 10 || locale === 'en' ? cleaned : asciiNames('en', path)
}

function userNameSource(locale: string): ValueSource {
  const first = asciiNames(locale, 'person.first_name')
  const lastList = asciiNames(locale, 'person.last_name')
  const nf = first.length
  const nl = lastList.length
  // Three shapes, after faker's username formats: first.last, first_last, first + two digits.
  return {
    capacity: nf * nl * 2 + nf * 100,
    render: (rng) => {
      const f = first[pickIndex(rng, nf)]!
      const shape = pickIndex(rng, 3)
      if (shape === 2) return `${f}${pickIndex(rng, 100)}`
      return `${f}${shape === 0 ? '.' : '_'}${lastList[pickIndex(rng, nl)]!}`
    },
  }
}

/** E-mail addresses: a user name and a domain drawn from `domains` (shares) or the locale's free e-mail providers. */
export function emailSource(locale: string, domains?: Readonly<Record<string, number>>): ValueSource {
  const user = userNameSource(locale)
  const names = domains ? Object.keys(domains) : required(locale, 'internet.free_email')
  const pickDomain = domains ? aliasSampler(names.map((d) => domains[d]!)) : (rng: Rng) => pickIndex(rng, names.length)
  return { capacity: user.capacity * names.length, render: (rng) => `${user.render(rng)}@${names[pickDomain(rng)]!}` }
}

/** Phone numbers following `pattern` (`#` digit, `!` 2–9), or the locale's human formats. */
export function phoneSource(locale: string, pattern?: string): ValueSource {
  if (pattern !== undefined) return compileSymbols(pattern, '#!')
  const formats = strings(entry(locale, 'phone_number.format.human')) ?? strings(entry(locale, 'phone_number.format'))
  if (!formats) throw new Unavailable(`faker's locale "${locale}" has no phone formats`)
  return symbolList(formats, locale, new Map(), 0)
}

function resolve(locale: string, token: string, cache: Map<string, ValueSource>, depth: number): ValueSource {
  if (depth > 8) throw new Unavailable(`faker's locale "${locale}" nests templates too deeply at ${token}`)
  const key = token
  const hit = cache.get(key)
  if (hit) return hit
  const source = build(locale, token, cache, depth)
  cache.set(key, source)
  return source
}

const SNAKE = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

function build(locale: string, token: string, cache: Map<string, ValueSource>, depth: number): ValueSource {
  const list = (path: string) => listSource(required(locale, path))
  const pattern = (path: string) => patternSource(locale, entry(locale, path), path, cache, depth)
  switch (token) {
    case 'person.firstName':
      return list('person.first_name')
    case 'person.lastName':
      return entry(locale, 'person.last_name_pattern') !== undefined ? pattern('person.last_name_pattern') : list('person.last_name')
    case 'person.middleName':
      return list('person.middle_name')
    case 'person.fullName':
      return pattern('person.name')
    case 'person.jobTitle':
      return pattern('person.job_title_pattern')
    case 'internet.email':
      return emailSource(locale)
    case 'internet.userName':
      return userNameSource(locale)
    case 'internet.domainName': {
      const words = required('en', 'word.noun')
        .map(toAsciiLower)
        .filter((w) => w.length > 0)
      const suffix = required(locale, 'internet.domain_suffix')
      return {
        capacity: words.length * suffix.length,
        render: (rng) => `${words[pickIndex(rng, words.length)]!}.${suffix[pickIndex(rng, suffix.length)]!}`,
      }
    }
    case 'phone.number':
      return phoneSource(locale)
    case 'location.streetAddress': {
      const v = entry(locale, 'location.street_address')
      return patternSource(
        locale,
        v && typeof v === 'object' && !Array.isArray(v) ? (v as { normal?: unknown }).normal : v,
        'location.street_address',
        cache,
        depth,
      )
    }
    case 'location.street':
      return pattern('location.street_pattern')
    case 'location.city':
      return pattern('location.city_pattern')
    case 'location.buildingNumber':
      return symbolList(required(locale, 'location.building_number'), locale, cache, depth)
    case 'location.secondaryAddress':
      return symbolList(required(locale, 'location.secondary_address'), locale, cache, depth)
    case 'location.zipCode':
      return symbolList(required(locale, 'location.postcode'), locale, cache, depth)
    case 'company.name':
      return pattern('company.name_pattern')
    case 'commerce.productName':
      return pattern('commerce.product_name.pattern')
    case 'commerce.product':
      return list('commerce.product_name.product')
    case 'commerce.productAdjective':
      return list('commerce.product_name.adjective')
    case 'commerce.productMaterial':
      return list('commerce.product_name.material')
    case 'color.human':
      return list('color.human')
    case 'animal.type':
      return list('animal.type')
    case 'lorem.word':
      return list('lorem.word')
    default: {
      // Other tokens inside locale templates name data directly (`location.city_prefix`, `person.last_name.generic`)
      // or by method (`person.jobArea` → person.job_area). helpers.* calls are not supported: the method is then
      // unavailable in that locale and the spec is rejected.
      if (!/^[a-z_]+(\.[A-Za-z_]+)+$/.test(token))
        throw new Unavailable(`faker's locale "${locale}" uses ${token}, which synthkit does not evaluate`)
      const [section, ...rest] = token.split('.')
      const path = [section, ...rest.map(SNAKE)].join('.')
      const v = strings(entry(locale, path))
      if (!v) throw new Unavailable(`faker's locale "${locale}" has no data for ${token}`)
      return listSource(v)
    }
  }
}

const caches = new Map<string, Map<string, ValueSource>>()

/**
 * The compiled value source of an allow-listed faker method in a locale, or a message saying why the locale cannot
 * give it (no data, or a template that calls faker helpers).
 */
export function fakerSource(method: FakerMethod, locale: string): ValueSource | string {
  if (!isFakerMethod(method)) return `unknown faker method "${String(method)}"`
  if (!isFakerLocale(locale)) return `unknown locale "${locale}"`
  let cache = caches.get(locale)
  if (!cache) {
    cache = new Map()
    caches.set(locale, cache)
  }
  try {
    return resolve(locale, method, cache, 0)
  } catch (e) {
    if (e instanceof Unavailable) return e.message
    throw e
  }
}
