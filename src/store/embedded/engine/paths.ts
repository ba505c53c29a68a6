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
  const parts = path.split('.')
  const out: unknown[] = []
  let expandedArray = false
  const walk = (value: unknown, i: number): void => {
    if (i === parts.length) {
      if (Array.isArray(value)) {
        expandedArray = true
        if (value.length === 0) out.push(undefined)
        else out.push(...value)
      } else out.push(value)
      return
    }
    if (Array.isArray(value)) {
      const part = parts[i]!
      if (/^\d+$/.test(part) && value.length > Number(part)) return walk(value[Number(part)], i + 1)
      expandedArray = true
      for (const element of value) if (isPlainObject(element)) walk(element, i)
      return
    }
    if (isPlainObject(value)) return walk(value[parts[i]!], i + 1)
    out.push(undefined)
  }
  walk(doc, 0)
  if (out.length === 0) out.push(undefined)
  return { values: out, expandedArray }
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
