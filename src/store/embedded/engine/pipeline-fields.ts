import type { Document } from 'bson'
import { isPlainObject } from './paths.ts'

type Fields = Set<string>

/**
 * The top-level fields an aggregation reads from its input documents, or undefined when it
 * may need them all (documents flow out whole, or a stage reads $$ROOT). Like MongoDB's
 * dependency analysis, it lets the store decode only those fields.
 */
export function pipelineFields(pipeline: readonly Document[]): ReadonlySet<string> | undefined {
  const fields: Fields = new Set()
  return collect(pipeline, fields) ? fields : undefined
}

/** True when the pipeline ends in a stage that builds new documents, so `fields` is complete. */
function collect(pipeline: readonly Document[], fields: Fields): boolean {
  for (const stage of pipeline) {
    const [name, spec] = Object.entries(stage)[0] ?? []
    if (readsRoot(spec)) return false
    switch (name) {
      case '$match':
        if (!matchFields(spec as Document, fields)) return false
        break
      case '$unwind':
        addPath(typeof spec === 'string' ? spec : (spec as Document).path, fields)
        break
      case '$sort':
        for (const key of Object.keys(spec as Document)) fields.add(topLevel(key))
        break
      case '$skip':
      case '$limit':
        break
      case '$addFields':
      case '$set':
      case '$lookup':
        references(spec, fields)
        if (name === '$lookup') addPath(`$${(spec as Document).localField ?? ''}`, fields)
        break
      case '$group':
      case '$replaceRoot':
      case '$replaceWith':
      case '$sortByCount':
      case '$bucket':
        references(spec, fields)
        return true
      case '$count':
        return true
      case '$project':
        return projectFields(spec as Document, fields)
      case '$facet':
        return Object.values(spec as Record<string, Document[]>).every((branch) => collect(branch, fields))
      default:
        return false
    }
  }
  return false
}

function matchFields(filter: Document, fields: Fields): boolean {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!(condition as Document[]).every((c) => matchFields(c, fields))) return false
    } else if (key === '$expr') references(condition, fields)
    else if (key.startsWith('$')) return false
    else fields.add(topLevel(key))
  }
  return true
}

/** An inclusion projection (with expressions) reads what it names; an exclusion needs everything. */
function projectFields(spec: Document, fields: Fields): boolean {
  for (const [key, value] of Object.entries(spec)) {
    if (value === 0 || value === false) {
      if (key !== '_id') return false
      continue
    }
    if (value === 1 || value === true) fields.add(topLevel(key))
    else references(value, fields)
  }
  if (spec._id === undefined) fields.add('_id')
  return true
}

/** Every "$path" string inside an expression. */
function references(value: unknown, fields: Fields): void {
  if (typeof value === 'string') addPath(value, fields)
  else if (Array.isArray(value)) value.forEach((v) => references(v, fields))
  else if (isPlainObject(value)) Object.values(value).forEach((v) => references(v, fields))
}

function addPath(path: unknown, fields: Fields): void {
  if (typeof path === 'string' && path.startsWith('$') && !path.startsWith('$$') && path.length > 1) {
    fields.add(topLevel(path.slice(1)))
  }
}

function readsRoot(value: unknown): boolean {
  if (typeof value === 'string') return value.startsWith('$$ROOT') || value.startsWith('$$CURRENT')
  if (Array.isArray(value)) return value.some(readsRoot)
  if (isPlainObject(value)) return Object.values(value).some(readsRoot)
  return false
}

function topLevel(path: string): string {
  const dot = path.indexOf('.')
  return dot < 0 ? path : path.slice(0, dot)
}
