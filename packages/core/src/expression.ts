import { parseDatetime } from './datetime'
import { SynthkitError } from './errors'
import { type ColumnSpec, type TableSchema } from './schema'
import { type Table } from './table'

/**
 * Sandboxed boolean/arithmetic expressions over the columns of a table.
 *
 * Security model: mathjs is used ONLY to parse the text into a syntax tree, in a private instance that holds
 * nothing but the parser (and whose `import`, `createUnit`, `evaluate`, `parse`, `compile` are replaced by
 * functions that throw). The tree is then checked against a whitelist of node types, operators and function names
 * and compiled into our own vectorised evaluator over typed arrays. No node is ever evaluated by mathjs, no
 * property access, assignment, function definition, matrix, object or index node is accepted, so an expression can
 * reach nothing but the columns it names and the listed pure functions.
 */

// The mathjs parser is registered by the entry point '@synthkit/core/expression' (expression-parser.ts), not
// imported here: loading mathjs is most of core's start-up time and ~300 KB of every browser bundle, and most
// programs never compile an expression. A global symbol, so that the ESM and CJS builds (and a duplicated copy of
// core) see the same registration.
const PARSER_KEY = Symbol.for('synthkit.expressionParser')

/** The registered parser: text → mathjs syntax tree (see expression-parser.ts), or undefined. */
function registeredParser(): ((text: string) => MathNode) | undefined {
  return (globalThis as Record<symbol, unknown>)[PARSER_KEY] as ((text: string) => MathNode) | undefined
}

/**
 * Whether the expression parser is available, i.e. '@synthkit/core/expression' has been imported. Without it,
 * {@link compileExpression} (and every expression constraint) throws a SynthkitError with code UNSUPPORTED.
 */
export function hasExpressionParser(): boolean {
  return registeredParser() !== undefined
}

/** The longest expression text accepted, and the deepest syntax tree: both guard against pathological input. */
export const MAX_EXPRESSION_LENGTH = 4000
export const MAX_EXPRESSION_DEPTH = 100

interface MathNode {
  readonly type: string
  readonly [key: string]: unknown
}

type ValueType = 'number' | 'string'

/** A column of strings for comparisons; categoricals keep their codes so that `col == "x"` is an integer compare. */
interface StringVector {
  readonly kind: 'string'
  readonly at: (i: number) => string | null
  readonly coded?: { readonly codes: Int32Array; readonly dictionary: readonly string[] }
  readonly constant?: string
}
interface NumberVector {
  readonly kind: 'number'
  /** Numbers; booleans are 1/0; missing is NaN (falsy, and false in every comparison). */
  readonly values: Float64Array
}
type Vector = NumberVector | StringVector

interface Compiled {
  readonly type: ValueType
  /** Whether the value is a truth value (comparisons, logic); only used to word errors. */
  readonly run: (table: Table) => Vector
}

/** A compiled expression: which columns it reads and a vectorised evaluator. */
export interface CompiledExpression {
  readonly expression: string
  readonly columns: readonly string[]
  /** 1 where the expression is true (non-zero and not missing), 0 elsewhere. */
  readonly evaluate: (table: Table) => Uint8Array
  /** The numeric value per row (truth values as 1/0, missing as NaN). */
  readonly evaluateNumbers: (table: Table) => Float64Array
}

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  // mathjs' mod: the result has the sign of the divisor.
  mod: (a, b) => (b === 0 ? a : a - b * Math.floor(a / b)),
  pow: (a, b) => Math.pow(a, b),
}
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  smaller: (a, b) => a < b,
  smallerEq: (a, b) => a <= b,
  larger: (a, b) => a > b,
  largerEq: (a, b) => a >= b,
  equal: (a, b) => a === b,
  // IEEE 754 (and mathjs): NaN is unequal to everything, itself included.
  unequal: (a, b) => a !== b,
}
const LOGIC: Record<string, (a: boolean, b: boolean) => boolean> = {
  and: (a, b) => a && b,
  or: (a, b) => a || b,
  xor: (a, b) => a !== b,
}
const UNARY: Record<string, (a: number) => number> = {
  abs: Math.abs,
  sqrt: Math.sqrt,
  log: Math.log,
  log10: Math.log10,
  log2: Math.log2,
  exp: Math.exp,
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  sign: Math.sign,
}
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E }

/** The functions an expression may call, for documentation and error messages. */
export const EXPRESSION_FUNCTIONS = [...Object.keys(UNARY), 'min', 'max', 'isMissing', 'date', 'col'] as const

const truthy = (x: number) => x !== 0 && !Number.isNaN(x)

function fail(expression: string, message: string, code: 'EXPRESSION_INVALID' | 'UNKNOWN_COLUMN' = 'EXPRESSION_INVALID'): never {
  throw new SynthkitError(code, `invalid expression ${JSON.stringify(expression)}: ${message}`, [
    { path: 'expression', message, value: expression },
  ])
}

function numbers(v: Vector): Float64Array {
  if (v.kind !== 'number') throw new Error('internal: expected numbers')
  return v.values
}

function constantNumber(x: number): Compiled {
  return {
    type: 'number',
    run: (table) => ({ kind: 'number', values: new Float64Array(table.nRows).fill(x) }),
  }
}

function columnVector(table: Table, spec: ColumnSpec): Vector {
  const col = table.columns[spec.name]
  if (col === undefined)
    throw new SynthkitError('UNKNOWN_COLUMN', `table has no column "${spec.name}"`, [{ path: spec.name, message: 'missing column' }])
  switch (col.type) {
    case 'numeric':
      return { kind: 'number', values: col.values }
    case 'coded': {
      if (spec.kind === 'boolean') {
        const out = new Float64Array(col.codes.length)
        for (let i = 0; i < out.length; i++) out[i] = col.codes[i]! < 0 ? NaN : col.codes[i]!
        return { kind: 'number', values: out }
      }
      const { codes, dictionary } = col
      return { kind: 'string', at: (i) => (codes[i]! < 0 ? null : dictionary[codes[i]!]!), coded: { codes, dictionary } }
    }
    case 'string': {
      const values = col.values
      return { kind: 'string', at: (i) => values[i] ?? null }
    }
  }
}

function compareStrings(a: StringVector, b: StringVector, n: number, equal: boolean): Float64Array {
  const out = new Float64Array(n)
  const yes = equal ? 1 : 0
  const no = equal ? 0 : 1
  // Fast path: a categorical column against a constant is a code comparison.
  const coded = a.coded ?? b.coded
  const constant = a.constant ?? b.constant
  if (coded && constant !== undefined) {
    const target = coded.dictionary.indexOf(constant)
    for (let i = 0; i < n; i++) {
      const c = coded.codes[i]!
      out[i] = c < 0 ? no : c === target ? yes : no
    }
    return out
  }
  for (let i = 0; i < n; i++) {
    const x = a.at(i)
    const y = b.at(i)
    out[i] = x === null || y === null ? no : x === y ? yes : no
  }
  return out
}

interface Context {
  readonly expression: string
  readonly schema: TableSchema
  readonly columns: Set<string>
}

function describe(node: MathNode): string {
  switch (node.type) {
    case 'AccessorNode':
      return 'property access (a.b, a["b"])'
    case 'AssignmentNode':
      return 'assignment'
    case 'FunctionAssignmentNode':
      return 'function definition'
    case 'IndexNode':
      return 'indexing'
    case 'ArrayNode':
    case 'MatrixNode':
      return 'matrices'
    case 'ObjectNode':
      return 'objects'
    case 'RangeNode':
      return 'ranges'
    case 'BlockNode':
      return 'several statements'
    default:
      return node.type
  }
}

function lookupColumn(ctx: Context, name: string): Compiled {
  const spec = ctx.schema.columns.find((c) => c.name === name)
  if (spec === undefined) {
    const known = ctx.schema.columns.map((c) => c.name).join(', ')
    fail(ctx.expression, `unknown column "${name}" (columns: ${known})`, 'UNKNOWN_COLUMN')
  }
  ctx.columns.add(name)
  const isString = spec.kind === 'categorical' || spec.kind === 'id' || spec.kind === 'text'
  return { type: isString ? 'string' : 'number', run: (table) => columnVector(table, spec) }
}

/** Index of the first bracket opening level `limit + 1` (outside string literals), or −1. */
function tooDeepAt(expression: string, limit: number): number {
  let depth = 0
  let quote: string | null = null
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!
    if (quote !== null) {
      if (c === '\\') i++
      else if (c === quote) quote = null
    } else if (c === '"' || c === "'") quote = c
    else if (c === '(' || c === '[' || c === '{') {
      if (++depth > limit) return i
    } else if (c === ')' || c === ']' || c === '}') depth--
  }
  return -1
}

function compileNode(node: MathNode, ctx: Context, depth: number): Compiled {
  if (depth > MAX_EXPRESSION_DEPTH) fail(ctx.expression, `nested deeper than ${MAX_EXPRESSION_DEPTH} levels`)
  switch (node.type) {
    case 'ParenthesisNode':
      return compileNode(node['content'] as MathNode, ctx, depth + 1)
    case 'ConstantNode': {
      const value = node['value']
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) fail(ctx.expression, `the number ${String(value)} is not finite`)
        return constantNumber(value)
      }
      if (typeof value === 'boolean') return constantNumber(value ? 1 : 0)
      if (typeof value === 'string') return { type: 'string', run: (table) => ({ kind: 'string', at: () => value, constant: value }) }
      return fail(ctx.expression, `the constant ${String(value)} is not allowed`)
    }
    case 'SymbolNode': {
      const name = node['name'] as string
      if (ctx.schema.columns.some((c) => c.name === name)) return lookupColumn(ctx, name)
      if (Object.prototype.hasOwnProperty.call(CONSTANTS, name)) return constantNumber(CONSTANTS[name]!)
      return lookupColumn(ctx, name)
    }
    case 'OperatorNode':
      return compileOperator(node, ctx, depth)
    case 'ConditionalNode': {
      const cond = compileNode(node['condition'] as MathNode, ctx, depth + 1)
      const yes = compileNode(node['trueExpr'] as MathNode, ctx, depth + 1)
      const no = compileNode(node['falseExpr'] as MathNode, ctx, depth + 1)
      for (const part of [cond, yes, no])
        if (part.type !== 'number') fail(ctx.expression, 'the parts of `a ? b : c` must be numbers or truth values')
      return {
        type: 'number',
        run: (table) => {
          const c = numbers(cond.run(table))
          const a = numbers(yes.run(table))
          const b = numbers(no.run(table))
          const out = new Float64Array(c.length)
          for (let i = 0; i < out.length; i++) out[i] = truthy(c[i]!) ? a[i]! : b[i]!
          return { kind: 'number', values: out }
        },
      }
    }
    case 'FunctionNode':
      return compileFunction(node, ctx, depth)
    default:
      return fail(ctx.expression, `${describe(node)} is not allowed`)
  }
}

function compileOperator(node: MathNode, ctx: Context, depth: number): Compiled {
  const fn = node['fn'] as string
  const op = node['op'] as string
  // A chain of one associative operator (a + b + c + …, a * b * …) is one level however long it is: the parser nests
  // it to the left, but it is a flat sum to the reader (and the length limit bounds it).
  const chained = (a: MathNode) => (fn === 'add' || fn === 'multiply') && a.type === 'OperatorNode' && a['fn'] === fn
  const args = (node['args'] as MathNode[]).map((a) => compileNode(a, ctx, chained(a) ? depth : depth + 1))
  if (args.length === 1) {
    const [a] = args as [Compiled]
    if (a.type !== 'number') fail(ctx.expression, `"${op}" needs a number or truth value`)
    const f: ((x: number) => number) | undefined =
      fn === 'unaryMinus'
        ? (x) => -x
        : fn === 'unaryPlus'
          ? (x) => x
          : fn === 'not'
            ? (x) => (Number.isNaN(x) ? 1 : x === 0 ? 1 : 0)
            : undefined
    if (f === undefined) fail(ctx.expression, `the operator "${op}" is not allowed`)
    return mapNumbers(a, f)
  }
  if (args.length !== 2) fail(ctx.expression, `the operator "${op}" is not allowed`)
  const [a, b] = args as [Compiled, Compiled]
  if ((fn === 'equal' || fn === 'unequal') && (a.type === 'string' || b.type === 'string')) {
    if (a.type !== b.type) fail(ctx.expression, `"${op}" compares a text/category with a number: quote the value, e.g. status == "1"`)
    return {
      type: 'number',
      run: (table) => ({
        kind: 'number',
        values: compareStrings(a.run(table) as StringVector, b.run(table) as StringVector, table.nRows, fn === 'equal'),
      }),
    }
  }
  if (a.type === 'string' || b.type === 'string') fail(ctx.expression, `"${op}" is not defined for text or categories (only == and !=)`)
  const arith = ARITHMETIC[fn]
  const cmp = COMPARE[fn]
  const logic = LOGIC[fn]
  if (arith === undefined && cmp === undefined && logic === undefined) fail(ctx.expression, `the operator "${op}" is not allowed`)
  return {
    type: 'number',
    run: (table) => {
      const x = numbers(a.run(table))
      const y = numbers(b.run(table))
      const out = new Float64Array(x.length)
      if (arith) for (let i = 0; i < out.length; i++) out[i] = arith(x[i]!, y[i]!)
      else if (cmp) for (let i = 0; i < out.length; i++) out[i] = cmp(x[i]!, y[i]!) ? 1 : 0
      else for (let i = 0; i < out.length; i++) out[i] = logic!(truthy(x[i]!), truthy(y[i]!)) ? 1 : 0
      return { kind: 'number', values: out }
    },
  }
}

function stringLiteral(node: MathNode | undefined): string | undefined {
  if (node === undefined) return undefined
  const inner = node.type === 'ParenthesisNode' ? (node['content'] as MathNode) : node
  return inner.type === 'ConstantNode' && typeof inner['value'] === 'string' ? (inner['value'] as string) : undefined
}

function compileFunction(node: MathNode, ctx: Context, depth: number): Compiled {
  const callee = node['fn'] as MathNode
  if (callee.type !== 'SymbolNode') fail(ctx.expression, `calling ${describe(callee)} is not allowed`)
  const name = callee['name'] as string
  const rawArgs = node['args'] as MathNode[]
  if (name === 'col') {
    const text = stringLiteral(rawArgs[0])
    if (rawArgs.length !== 1 || text === undefined) fail(ctx.expression, 'col() takes one quoted column name, e.g. col("monthly charges")')
    return lookupColumn(ctx, text)
  }
  if (name === 'date') {
    const text = stringLiteral(rawArgs[0])
    if (rawArgs.length !== 1 || text === undefined) fail(ctx.expression, 'date() takes one quoted ISO date, e.g. date("2024-01-31")')
    const ms = parseDatetime(text)
    if (Number.isNaN(ms)) fail(ctx.expression, `date("${text}") is not an ISO 8601 date`)
    return constantNumber(ms)
  }
  const known = name === 'isMissing' || name === 'min' || name === 'max' || Object.prototype.hasOwnProperty.call(UNARY, name)
  if (!known) fail(ctx.expression, `unknown function "${name}" (allowed: ${EXPRESSION_FUNCTIONS.join(', ')})`)
  const args = rawArgs.map((a) => compileNode(a, ctx, depth + 1))
  if (name === 'isMissing') {
    if (args.length !== 1) fail(ctx.expression, 'isMissing() takes one argument')
    const [a] = args as [Compiled]
    return {
      type: 'number',
      run: (table) => {
        const v = a.run(table)
        const out = new Float64Array(table.nRows)
        if (v.kind === 'number') for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(v.values[i]!) ? 1 : 0
        else for (let i = 0; i < out.length; i++) out[i] = v.at(i) === null ? 1 : 0
        return { kind: 'number', values: out }
      },
    }
  }
  if (args.some((a) => a.type !== 'number')) fail(ctx.expression, `${name}() needs numbers`)
  if (name === 'min' || name === 'max') {
    if (args.length < 1) fail(ctx.expression, `${name}() needs at least one argument`)
    const pick = name === 'min' ? Math.min : Math.max
    return {
      type: 'number',
      run: (table) => {
        const vs = args.map((a) => numbers(a.run(table)))
        const out = Float64Array.from(vs[0]!)
        for (const v of vs.slice(1)) for (let i = 0; i < out.length; i++) out[i] = pick(out[i]!, v[i]!)
        return { kind: 'number', values: out }
      },
    }
  }
  const f = Object.prototype.hasOwnProperty.call(UNARY, name) ? UNARY[name] : undefined
  if (f === undefined) fail(ctx.expression, `unknown function "${name}" (allowed: ${EXPRESSION_FUNCTIONS.join(', ')})`)
  if (args.length !== 1) fail(ctx.expression, `${name}() takes one argument`)
  return mapNumbers(args[0]!, f)
}

/** Applies a scalar function element-wise to a numeric node. */
function mapNumbers(a: Compiled, f: (x: number) => number): Compiled {
  return {
    type: 'number',
    run: (table) => {
      const x = numbers(a.run(table))
      const out = new Float64Array(x.length)
      for (let i = 0; i < out.length; i++) out[i] = f(x[i]!)
      return { kind: 'number', values: out }
    },
  }
}

/**
 * Parses and type-checks an expression against a schema and compiles it into a vectorised evaluator.
 * Throws `EXPRESSION_INVALID` (syntax, forbidden construct, type mismatch) or `UNKNOWN_COLUMN`.
 *
 * Dialect: numbers, "text", true/false; columns by name or `col("name with spaces")`; `+ - * / % ^`, unary `-`;
 * `< <= > >= == !=` (exact, no tolerance; text and categories support only `==`/`!=`); `and or xor not`;
 * `a ? b : c`; functions abs sqrt log log10 log2 exp floor ceil round sign min max isMissing date("ISO").
 * Booleans are 1/0, datetimes epoch milliseconds. A missing value is NaN/null: every comparison with it is false
 * except `!=`, which is true (IEEE 754 and mathjs semantics); test for it with `isMissing(x)`.
 */
export function compileExpression(expression: string, schema: TableSchema): CompiledExpression {
  if (typeof expression !== 'string' || expression.trim() === '') fail(String(expression), 'the expression is empty')
  if (expression.length > MAX_EXPRESSION_LENGTH) fail(expression.slice(0, 40), `longer than ${MAX_EXPRESSION_LENGTH} characters`)
  const parse = registeredParser()
  if (parse === undefined) {
    throw new SynthkitError(
      'UNSUPPORTED',
      `Expression constraints need the expression parser: add \`import '@synthkit/core/expression'\` once to the program (it loads mathjs) before compiling "${expression.slice(0, 40)}"`,
      [{ path: 'expression', message: "the parser is not registered: import '@synthkit/core/expression'", value: expression }],
    )
  }
  // Brackets nested past the limit are refused before the parser sees them (it recurses once per level and would
  // overflow the stack on a few thousand).
  const deep = tooDeepAt(expression, MAX_EXPRESSION_DEPTH)
  if (deep >= 0) fail(expression, `brackets nested deeper than ${MAX_EXPRESSION_DEPTH} levels (at character ${deep + 1})`)
  let root: MathNode
  try {
    root = parse(expression)
  } catch (e) {
    if (e instanceof RangeError) return fail(expression, `nested too deeply to parse (over ${MAX_EXPRESSION_DEPTH} levels)`)
    return fail(expression, `syntax error: ${(e as Error).message}`)
  }
  const ctx: Context = { expression, schema, columns: new Set() }
  const compiled = compileNode(root, ctx, 0)
  if (compiled.type !== 'number') fail(expression, 'the expression must give a number or truth value, not text')
  const evaluateNumbers = (table: Table) => numbers(compiled.run(table))
  return {
    expression,
    columns: [...ctx.columns],
    evaluateNumbers,
    evaluate: (table) => {
      const v = evaluateNumbers(table)
      const out = new Uint8Array(v.length)
      for (let i = 0; i < out.length; i++) out[i] = truthy(v[i]!) ? 1 : 0
      return out
    },
  }
}
