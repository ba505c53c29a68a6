import type { Document } from 'bson'
import { Context } from 'mingo/core'
import * as expression from 'mingo/operators/expression'
import * as query from 'mingo/operators/query'
import { Query } from 'mingo/query'
import { isPlainObject } from './paths.ts'

type Operators = Parameters<typeof Context.init>[0]

/**
 * mingo copies every operator of its context into each new Query. With only the query
 * operators that costs a quarter of what the full set does, so a filter gets the expression
 * operators only when it needs them ($expr is the one query operator that evaluates them).
 */
const QUERY_CONTEXT = Context.init({ query } as unknown as Operators)
const EXPRESSION_CONTEXT = Context.init({ query, expression } as unknown as Operators)

/** A compiled filter with MongoDB's query semantics (mingo's). */
export function compileFilter(filter: Document): Query {
  return new Query(filter, { context: usesExpressions(filter) ? EXPRESSION_CONTEXT : QUERY_CONTEXT })
}

function usesExpressions(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesExpressions)
  if (!isPlainObject(value)) return false
  for (const key of Object.keys(value)) if (key === '$expr' || usesExpressions(value[key])) return true
  return false
}
