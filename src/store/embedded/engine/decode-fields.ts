import { deserialize } from 'bson'
import { DESERIALIZE_OPTIONS } from '../wire/messages.ts'
import type { Doc } from './paths.ts'

/**
 * Decodes only some top-level fields of a BSON document: the elements are walked by their
 * sizes, the wanted ones copied into a small document, and only that is deserialized. An
 * aggregation over thousands of documents that needs three fields of twelve then pays for
 * three. Element layouts: https://bsonspec.org/spec.html
 */
export function decodeFields(bytes: Uint8Array, fields: ReadonlySet<string>): Doc {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const end = view.readInt32LE(0) - 1
  const lengths = nameLengths(fields)
  const kept: Array<[number, number]> = []
  let size = 5
  let offset = 4
  while (offset < end) {
    const start = offset
    const type = view[offset]!
    let nameEnd = offset + 1
    while (view[nameEnd] !== 0) nameEnd++
    // Only names of a wanted length are turned into strings and looked up.
    const wanted = lengths.has(nameEnd - offset - 1) && fields.has(view.toString('utf8', offset + 1, nameEnd))
    offset = nameEnd + 1 + valueSize(view, type, nameEnd + 1)
    if (wanted) {
      kept.push([start, offset])
      size += offset - start
    }
  }
  const out = Buffer.allocUnsafe(size)
  out.writeInt32LE(size, 0)
  let at = 4
  for (const [from, to] of kept) at += view.copy(out, at, from, to)
  out[at] = 0
  return deserialize(out, DESERIALIZE_OPTIONS)
}

const lengthsByFields = new WeakMap<ReadonlySet<string>, Set<number>>()

/** The UTF-8 byte lengths of the wanted names, computed once per field set. */
function nameLengths(fields: ReadonlySet<string>): Set<number> {
  let lengths = lengthsByFields.get(fields)
  if (!lengths) {
    lengths = new Set([...fields].map((f) => Buffer.byteLength(f)))
    lengthsByFields.set(fields, lengths)
  }
  return lengths
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
