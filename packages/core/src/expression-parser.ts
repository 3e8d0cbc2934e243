// Entry point '@synthkit/core/expression': importing it registers the parser that compileExpression (and every
// expression constraint) needs. Kept out of the main entry because it loads mathjs.
import { create, parseDependencies } from 'mathjs'

const PARSER_KEY = Symbol.for('synthkit.expressionParser')

/**
 * Security model: mathjs is used ONLY to parse the text into a syntax tree, in a private instance that holds
 * nothing but the parser (and whose `import`, `createUnit`, `evaluate`, `parse`, `compile` are replaced by
 * functions that throw). compileExpression checks the tree against a whitelist and compiles it itself.
 */
function lockedDownParser(): (text: string) => unknown {
  const math = create({ parseDependencies }, { number: 'number' })
  const parse = math.parse as unknown as (text: string) => unknown
  const disabled = (name: string) => () => {
    throw new Error(`${name} is disabled in synthkit expressions`)
  }
  math.import(
    {
      import: disabled('import'),
      createUnit: disabled('createUnit'),
      evaluate: disabled('evaluate'),
      parse: disabled('parse'),
      compile: disabled('compile'),
      simplify: disabled('simplify'),
      derivative: disabled('derivative'),
      resolve: disabled('resolve'),
    },
    { override: true },
  )
  return parse
}

// Built on first parse: even a parser-only mathjs instance costs tens of milliseconds.
let parser: ((text: string) => unknown) | undefined
const registry = globalThis as Record<symbol, unknown>
registry[PARSER_KEY] ??= (text: string) => {
  parser ??= lockedDownParser()
  return parser(text)
}

/** True once this module has been imported: the expression parser is registered. */
export const expressionParserRegistered = true
