import type { Document } from 'bson'
import { copyFields, fieldNames } from './decode-fields.ts'

/** A projection applied to stored bytes, without decoding them. */
export type RawProjection = (bytes: Uint8Array) => Uint8Array

/**
 * The projection as a copy of top-level elements when it is a plain inclusion ({a: 1, b: 1},
 * _id kept unless {_id: 0}) or exclusion ({history: 0}) of top-level fields; undefined for
 * anything else (dotted paths, operators, expressions), which mingo applies to decoded documents.
 */
export function rawProjection(projection: Document | undefined): RawProjection | undefined {
  if (!projection) return (bytes) => bytes
  const entries = Object.entries(projection)
  if (entries.length === 0) return (bytes) => bytes
  const flags: Array<[string, boolean]> = []
  for (const [name, value] of entries) {
    if (name.includes('.') || name.startsWith('$')) return undefined
    if (value === 1 || value === true) flags.push([name, true])
    else if (value === 0 || value === false) flags.push([name, false])
    else return undefined
  }
  const others = flags.filter(([name]) => name !== '_id')
  // {_id: 1} alone includes only _id; {_id: 0} alone excludes only _id.
  const including = others.length > 0 ? others[0]![1] : flags[0]![1]
  if (others.some(([, on]) => on !== including)) return undefined
  const idKept = flags.find(([name]) => name === '_id')?.[1] ?? true
  // The names copied (inclusion) or skipped (exclusion); _id is among them when it is kept (or dropped) with them.
  const named = others.map(([name]) => name)
  if (idKept === including) named.push('_id')
  const names = fieldNames(named)
  return (bytes) => copyFields(bytes, names, including)
}
