import { RankEdge } from './rank-edge.ts'

/**
 * MongoDB's comparison order over the BSON types Liaison stores
 * (https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/):
 * MinKey < null/missing < numbers < strings < objects < arrays < binary < ObjectId < boolean
 * < Date < Timestamp < regular expression < MaxKey.
 */
export function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 2
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 3
    case 'string':
      return 4
    case 'boolean':
      return 9
    case 'object':
      break
    default:
      return 5
  }
  if (Array.isArray(value)) return 6
  if (value instanceof Date) return 10
  if (value instanceof RegExp) return 12
  switch ((value as { _bsontype?: string })._bsontype) {
    case undefined:
      return 5
    case 'MinKey':
      return 1
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 3
    case 'Binary':
      return 7
    case 'ObjectId':
      return 8
    case 'Timestamp':
      return 11
    case 'BSONRegExp':
      return 12
    case 'MaxKey':
      return 13
    case 'RankEdge':
      return (value as RankEdge).rank
    default:
      return 5
  }
}

/** Total order over two BSON values; 0 means MongoDB treats them as equal (1 and 1.0 are). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (ra !== rb) return ra - rb
  if (a instanceof RankEdge || b instanceof RankEdge) return edgeOrder(a) - edgeOrder(b)
  switch (ra) {
    case 1:
    case 2:
    case 13:
      return 0
    case 3:
      return compareNumbers(Number(a), Number(b))
    case 4:
      return compareStrings(a as string, b as string)
    case 5:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>)
    case 6:
      return compareArrays(a as unknown[], b as unknown[])
    case 7:
      return compareBinary(a as { buffer: Uint8Array; sub_type: number }, b as { buffer: Uint8Array; sub_type: number })
    case 8:
      return compareObjectIds(a as ObjectIdParts, b as ObjectIdParts)
    case 9:
      return Number(a) - Number(b)
    case 10:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime())
    case 11:
      return compareNumbers(Number((a as { t: number }).t), Number((b as { t: number }).t)) ||
        compareNumbers(Number((a as { i: number }).i), Number((b as { i: number }).i))
    default:
      return compareStrings(String(a), String(b))
  }
}

function edgeOrder(value: unknown): number {
  return value instanceof RankEdge ? (value.high ? 1 : -1) : 0
}

/** bson 7 keeps an ObjectId as four 24-bit integers: comparing them is comparing the bytes. */
interface ObjectIdParts {
  readonly i0: number
  readonly i1: number
  readonly i2: number
  readonly i3: number
}

function compareObjectIds(a: ObjectIdParts, b: ObjectIdParts): number {
  return a.i0 - b.i0 || a.i1 - b.i1 || a.i2 - b.i2 || a.i3 - b.i3
}

function compareNumbers(a: number, b: number): number {
  // MongoDB sorts NaN below every other number.
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1
  if (Number.isNaN(b)) return 1
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Binary (UTF-8 byte) order. UTF-16 code-unit order agrees with it except that surrogates
 * (code points above U+FFFF) must sort after U+E000–U+FFFF; the shift fixes that case.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    if (x >= 0xd800 || y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x >= 0xd800 ? x + 0x2000 : x
      y = y >= 0xe000 ? y - 0x800 : y >= 0xd800 ? y + 0x2000 : y
    }
    return x - y
  }
  return a.length - b.length
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  const n = Math.min(ka.length, kb.length)
  for (let i = 0; i < n; i++) {
    const va = a[ka[i]!]
    const vb = b[kb[i]!]
    const byType = typeRank(va) - typeRank(vb)
    if (byType !== 0) return byType
    const byName = compareStrings(ka[i]!, kb[i]!)
    if (byName !== 0) return byName
    const byValue = compareValues(va, vb)
    if (byValue !== 0) return byValue
  }
  return ka.length - kb.length
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i])
    if (c !== 0) return c
  }
  return a.length - b.length
}

function compareBinary(a: { buffer: Uint8Array; sub_type: number }, b: { buffer: Uint8Array; sub_type: number }): number {
  return a.buffer.length - b.buffer.length || a.sub_type - b.sub_type || Buffer.compare(a.buffer, b.buffer)
}
