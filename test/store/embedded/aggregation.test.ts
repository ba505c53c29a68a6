import { Binary, deserialize, ObjectId, serialize } from 'bson'
import { Aggregator } from 'mingo/aggregator'
import { describe, expect, it } from 'vitest'
import { AGGREGATION_CONTEXT } from '../../../src/store/embedded/engine/aggregation-context.ts'
import { Catalog } from '../../../src/store/embedded/engine/catalog.ts'
import { decodeFields } from '../../../src/store/embedded/engine/decode-fields.ts'
import { pipelineFields } from '../../../src/store/embedded/engine/pipeline-fields.ts'
import { selectDocuments } from '../../../src/store/embedded/engine/select.ts'

describe('decodeFields', () => {
  it('decodes only the wanted top-level fields of every BSON type', () => {
    const doc = { _id: 1, s: '座谈', d: 1.5, o: { a: [1, { b: 2 }] }, arr: ['x'], t: true, n: null, at: new Date(5), re: /a/i, i: 7 }
    const bytes = serialize(doc)
    expect(decodeFields(bytes, new Set(['i', 'o', 'at']))).toEqual({ o: doc.o, at: doc.at, i: 7 })
    expect(decodeFields(bytes, new Set(['re', 'missing']))).toEqual({ re: /a/i })
    expect(decodeFields(bytes, new Set())).toEqual({})
  })

  it('reads the types Liaison stores exactly as bson decodes them, and leaves the others to it', () => {
    const doc = {
      _id: new ObjectId(),
      s: '计算机2101班 🎓', empty: '', i: -7, big: 2 ** 40, d: -0, nan: NaN, t: false, n: null,
      at: new Date('1960-05-04T03:02:01.123Z'), later: new Date(8.64e15),
      ids: [new ObjectId(), new ObjectId()], mixed: [1, 'a', null, [true, new Date(3)], { k: [1] }], none: [],
      nested: { a: { b: [1, 2] } },
      bin: new Binary(Buffer.from([1, 2, 3])), binInArray: [new Binary(Buffer.from([4]))], re: /x/g,
    }
    const bytes = serialize(doc)
    const full = deserialize(bytes, { promoteLongs: false, promoteBuffers: false, bsonRegExp: false })
    const picked = (names: string[]) => Object.fromEntries(Object.entries(full).filter(([k]) => names.includes(k)))
    for (const names of [['s', 'empty', 'i', 'big', 'd', 'nan', 't', 'n'], ['at', 'later', '_id', 'ids'], ['mixed', 'none', 'nested'], ['s', 'bin'], ['binInArray', 'i'], ['re']]) {
      const decoded = decodeFields(bytes, new Set(names))
      expect(decoded).toStrictEqual(picked(names))
      expect(Object.keys(decoded)).toEqual(Object.keys(picked(names)))
    }
    expect(Object.is(decodeFields(bytes, new Set(['d'])).d, -0)).toBe(true)
  })
})

describe('pipelineFields', () => {
  it.each([
    [[{ $match: { 'a.b': 1, $or: [{ c: 1 }, { d: { $gt: 2 } }] } }, { $group: { _id: '$e', n: { $sum: '$f.g' } } }], ['a', 'c', 'd', 'e', 'f']],
    [[{ $unwind: '$kinds' }, { $sort: { at: 1 } }, { $count: 'n' }], ['kinds', 'at']],
    [[{ $project: { name: 1, total: { $add: ['$x', '$y'] } } }], ['name', 'x', 'y', '_id']],
    [[{ $match: { a: 1 } }, { $facet: { one: [{ $count: 'n' }], two: [{ $group: { _id: '$b' } }] } }], ['a', 'b']],
  ])('reads %j', (pipeline, fields) => {
    expect([...pipelineFields(pipeline)!].sort()).toEqual([...fields].sort())
  })

  it.each([
    [[{ $match: { a: 1 } }]],
    [[{ $project: { secret: 0 } }]],
    [[{ $group: { _id: null, all: { $push: '$$ROOT' } } }]],
    [[{ $match: { $where: 'true' } }, { $count: 'n' }]],
    [[{ $bucketAuto: { groupBy: '$a', buckets: 2 } }]],
  ])('needs whole documents for %j', (pipeline) => {
    expect(pipelineFields(pipeline)).toBeUndefined()
  })
})

describe('$unwind', () => {
  const docs = () => [
    { _id: 1, tags: ['a', 'b'], meta: { list: [1, 2] } },
    { _id: 2, tags: [] },
    { _id: 3, tags: null },
    { _id: 4 },
    { _id: 5, tags: 'single' },
  ]
  const run = (stage: Record<string, unknown>) => new Aggregator([stage], { context: AGGREGATION_CONTEXT }).run(docs())

  it('emits one document per element and keeps scalars', () => {
    expect(run({ $unwind: '$tags' }).map((d) => [d._id, d.tags])).toEqual([[1, 'a'], [1, 'b'], [5, 'single']])
  })

  it('keeps null, missing and empty arrays when asked, dropping the empty array', () => {
    const out = run({ $unwind: { path: '$tags', preserveNullAndEmptyArrays: true, includeArrayIndex: 'i' } })
    expect(out).toEqual([
      { _id: 1, tags: 'a', meta: { list: [1, 2] }, i: 0 },
      { _id: 1, tags: 'b', meta: { list: [1, 2] }, i: 1 },
      { _id: 2, i: null },
      { _id: 3, tags: null, i: null },
      { _id: 4, i: null },
      { _id: 5, tags: 'single', i: null },
    ])
  })

  it('unwinds a nested path without touching the input', () => {
    const input = docs()
    const out = new Aggregator([{ $unwind: '$meta.list' }], { context: AGGREGATION_CONTEXT }).run(input)
    expect(out).toEqual([{ _id: 1, tags: ['a', 'b'], meta: { list: 1 } }, { _id: 1, tags: ['a', 'b'], meta: { list: 2 } }])
    expect(input[0]!.meta!.list).toEqual([1, 2])
  })
})

describe('exact index plans', () => {
  const collection = new Catalog().getOrCreate('db', 'c')
  collection.addIndex({ name: 'n_1', key: { n: 1 } })
  for (let i = 0; i < 100; i++) collection.insert({ _id: i, n: i % 10, s: String(i) })

  it.each([
    [{ n: { $gt: 3, $lt: 6 } }, 20],
    [{ n: { $gte: 3, $lte: 6 } }, 40],
    [{ n: { $gt: 8 } }, 10],
    [{ n: 4 }, 10],
    [{ n: { $in: [1, 2] } }, 20],
  ])('answers %j from the index alone', (filter, count) => {
    const result = selectDocuments(collection, filter)
    expect(result.plan).toMatchObject({ kind: 'indexScan', exact: true })
    expect(result.docs).toHaveLength(count)
  })

  it.each([[{ n: { $gt: 3 }, s: '5' }], [{ n: { $gt: 3, $lt: 'x' } }], [{ n: { $eq: 1, $in: [2] } }]])('falls back to the matcher for %j', (filter) => {
    const result = selectDocuments(collection, filter)
    expect(result.plan).toMatchObject({ kind: 'indexScan', exact: false })
  })

  it('still matches contradictory conditions correctly', () => {
    expect(selectDocuments(collection, { n: { $eq: 1, $in: [2] } }).docs).toEqual([])
    // Type bracketing: no value is both a number above 3 and a string below 'x'.
    expect(selectDocuments(collection, { n: { $gt: 3, $lt: 'x' } }).docs).toEqual([])
  })
})
