import { deserialize, ObjectId } from 'bson'
import { DESERIALIZE_OPTIONS } from '../wire/messages.ts'
import type { Doc } from './paths.ts'

/**
 * Decodes only some top-level fields of a BSON document: the elements are walked by their
 * sizes and the wanted ones read in place. An aggregation over thousands of documents that
 * needs three fields of twelve then pays for three. The types Liaison stores (strings,
 * numbers, booleans, null, dates, ObjectIds, and arrays of them) are read directly; a wanted
 * value of any other type, or a nested document, is left to bson's decoder.
 * Element layouts: https://bsonspec.org/spec.html
 */
export function decodeFields(bytes: Uint8Array, fields: ReadonlySet<string>): Doc {
  const names = namesOf(fields)
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const end = view.readInt32LE(0) - 1
  const out: Doc = {}
  let offset = 4
  while (offset < end) {
    const type = view[offset]!
    let nameEnd = offset + 1
    while (view[nameEnd] !== 0) nameEnd++
    const name = names.get(nameEnd - offset - 1)?.find((n) => sameBytes(view, offset + 1, n.bytes))?.name
    const at = nameEnd + 1
    offset = at + valueSize(view, type, at)
    if (name === undefined) continue
    const value = readValue(view, type, at)
    if (value === OTHER_TYPE) return deserialize(copyFields(bytes, names, true), DESERIALIZE_OPTIONS)
    out[name] = value
  }
  return out
}

/** What readValue gives for a type it leaves to bson. */
const OTHER_TYPE = Symbol('other BSON type')

function readValue(view: Buffer, type: number, at: number): unknown {
  switch (type) {
    case 0x01:
      return view.readDoubleLE(at)
    case 0x02:
      return view.toString('utf8', at + 4, at + 4 + view.readInt32LE(at) - 1)
    case 0x03:
      return deserialize(view.subarray(at, at + view.readInt32LE(at)), DESERIALIZE_OPTIONS)
    case 0x04:
      return readArray(view, at)
    case 0x07:
      return new ObjectId(view.subarray(at, at + 12))
    case 0x08:
      return view[at] === 1
    case 0x09:
      return new Date(view.readInt32LE(at + 4) * 2 ** 32 + view.readUInt32LE(at))
    case 0x0a:
      return null
    case 0x10:
      return view.readInt32LE(at)
    default:
      return OTHER_TYPE
  }
}

/** An array's elements in order (their names are the indexes), or OTHER_TYPE if one is. */
function readArray(view: Buffer, at: number): unknown[] | typeof OTHER_TYPE {
  const end = at + view.readInt32LE(at) - 1
  const out: unknown[] = []
  let offset = at + 4
  while (offset < end) {
    const type = view[offset]!
    const valueAt = view.indexOf(0, offset + 1) + 1
    const value = readValue(view, type, valueAt)
    if (value === OTHER_TYPE) return OTHER_TYPE
    out.push(value)
    offset = valueAt + valueSize(view, type, valueAt)
  }
  return out
}

/** Field names as UTF-8 bytes, by length: an element's name is compared in place, never made a string. */
export type FieldNames = ReadonlyMap<number, ReadonlyArray<{ readonly bytes: Buffer; readonly name: string }>>

export function fieldNames(names: Iterable<string>): FieldNames {
  const byLength = new Map<number, Array<{ bytes: Buffer; name: string }>>()
  for (const name of names) {
    const bytes = Buffer.from(name, 'utf8')
    byLength.set(bytes.length, [...(byLength.get(bytes.length) ?? []), { bytes, name }])
  }
  return byLength
}

const namesByFields = new WeakMap<ReadonlySet<string>, FieldNames>()

function namesOf(fields: ReadonlySet<string>): FieldNames {
  let names = namesByFields.get(fields)
  if (!names) namesByFields.set(fields, (names = fieldNames(fields)))
  return names
}

/**
 * A new BSON document holding the top-level elements of `bytes` named in `names` (or, with
 * `including` false, those not named), in their order, copied as bytes: no decoding. A find's
 * simple projection is served this way.
 */
export function copyFields(bytes: Uint8Array, names: FieldNames, including: boolean): Uint8Array {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const end = view.readInt32LE(0) - 1
  // Runs of adjacent kept elements, copied in one piece each.
  const runs: number[] = []
  let size = 5
  let offset = 4
  while (offset < end) {
    const start = offset
    const type = view[offset]!
    let nameEnd = offset + 1
    while (view[nameEnd] !== 0) nameEnd++
    const named = names.get(nameEnd - offset - 1)?.some((n) => sameBytes(view, offset + 1, n.bytes)) ?? false
    offset = nameEnd + 1 + valueSize(view, type, nameEnd + 1)
    if (named === including) {
      if (runs.length > 0 && runs[runs.length - 1] === start) runs[runs.length - 1] = offset
      else runs.push(start, offset)
      size += offset - start
    }
  }
  const out = Buffer.allocUnsafe(size)
  out.writeInt32LE(size, 0)
  let at = 4
  for (let i = 0; i < runs.length; i += 2) at += view.copy(out, at, runs[i], runs[i + 1])
  out[at] = 0
  return out
}

/** Whether `name` is at `at` in `view`; names are short, so a loop beats a native call. */
function sameBytes(view: Buffer, at: number, name: Buffer): boolean {
  for (let i = 0; i < name.length; i++) if (view[at + i] !== name[i]) return false
  return true
}

function valueSize(view: Buffer, type: number, at: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // UTC datetime
    case 0x11: // timestamp
    case 0x12: // int64
      return 8
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return 4 + view.readInt32LE(at)
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return view.readInt32LE(at)
    case 0x05: // binary
      return 5 + view.readInt32LE(at)
    case 0x07: // ObjectId
      return 12
    case 0x08: // boolean
      return 1
    case 0x10: // int32
      return 4
    case 0x13: // decimal128
      return 16
    case 0x0b: {
      // regular expression: two C strings
      const pattern = view.indexOf(0, at)
      return view.indexOf(0, pattern + 1) + 1 - at
    }
    case 0x0c: // DBPointer
      return 4 + view.readInt32LE(at) + 12
    default: // undefined, null, MinKey, MaxKey
      return 0
  }
}
