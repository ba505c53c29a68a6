/** Dotted-path reading with MongoDB's rules for arrays on the way (used by indexes and sort). */

export type Doc = Record<string, unknown>

export function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Every value the path reaches: an array met on the way contributes each element, so
 * `a.b` over `{a: [{b: 1}, {b: 2}]}` gives [1, 2]. `arrays` tells whether any array was
 * expanded (the index is then multikey). A path that reaches nothing gives [undefined].
 */
export function valuesAtPath(doc: unknown, path: string): { values: unknown[]; expandedArray: boolean } {
  // The common case, a top-level field holding no array, without building a walk.
  if (!path.includes('.') && isPlainObject(doc)) {
    const value = doc[path]
    if (!Array.isArray(value)) return { values: [value], expandedArray: false }
  }
  const found: PathValues = { values: [], expandedArray: false }
  walkPath(doc, path.split('.'), 0, found)
  if (found.values.length === 0) found.values.push(undefined)
  return found
}

interface PathValues {
  values: unknown[]
  expandedArray: boolean
}

function walkPath(value: unknown, parts: string[], i: number, out: PathValues): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      out.expandedArray = true
      if (value.length === 0) out.values.push(undefined)
      else out.values.push(...value)
    } else out.values.push(value)
    return
  }
  if (Array.isArray(value)) {
    const part = parts[i]!
    if (/^\d+$/.test(part) && value.length > Number(part)) return walkPath(value[Number(part)], parts, i + 1, out)
    out.expandedArray = true
    for (const element of value) if (isPlainObject(element)) walkPath(element, parts, i, out)
    return
  }
  if (isPlainObject(value)) return walkPath(value[parts[i]!], parts, i + 1, out)
  out.values.push(undefined)
}

/** Sets a dotted path, creating plain objects on the way (used to build upserted documents). */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.')
  let target = doc
  for (const part of parts.slice(0, -1)) {
    const next = target[part]
    if (!isPlainObject(next)) target[part] = {}
    target = target[part] as Doc
  }
  target[parts[parts.length - 1]!] = value
}

/**
 * A structural copy that keeps BSON value objects (ObjectId, Date, Binary …) shared: they are
 * never mutated in place, and copying them would lose their class.
 */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValue) as T
  if (isPlainObject(value)) {
    const out: Doc = {}
    for (const key of Object.keys(value)) out[key] = cloneValue(value[key])
    return out as T
  }
  if (value instanceof Date) return new Date(value.getTime()) as T
  return value
}
