import { Query } from 'mingo'
import { describe, expect, it } from 'vitest'
import { Catalog } from '../../../src/store/embedded/engine/catalog.ts'
import { selectDocuments, sortSpec } from '../../../src/store/embedded/engine/select.ts'

function contacts(n: number) {
  const collection = new Catalog().getOrCreate('db', 'contacts')
  collection.addIndex({ name: 'leader_1_day_1', key: { leader: 1, day: 1 } })
  collection.addIndex({ name: 'kinds_1', key: { kinds: 1 } })
  collection.addIndex({ name: 'day_-1', key: { day: -1 } })
  for (let i = 0; i < n; i++) {
    collection.insert({ _id: i, leader: `L${i % 100}`, day: i % 365, kinds: i % 2 ? ['座谈', '进宿舍'] : ['听课'], note: i % 7 === 0 ? null : 'x' })
  }
  return collection
}

describe('index-backed queries read only what they need', () => {
  const collection = contacts(20_000)

  it.each([
    ['equality on an index prefix', { leader: 'L7' }, {}, 200],
    ['equality and a range on a compound index', { leader: 'L7', day: { $gte: 100, $lt: 200 } }, {}, 200],
    ['$in on an index prefix', { leader: { $in: ['L1', 'L2'] } }, {}, 400],
    ['a range on a descending index', { day: { $gt: 360 } }, {}, 300],
    ['equality on _id', { _id: 4242 }, {}, 1],
    ['a multikey array element', { kinds: '听课', leader: 'L4' }, {}, 200],
  ])('%s', (_name, filter, options, maxExamined) => {
    const result = selectDocuments(collection, filter, options)
    expect(result.plan.kind).toBe('indexScan')
    expect(result.examined).toBeLessThanOrEqual(maxExamined)
    const query = new Query(filter)
    const expected = [...collection.all()].filter((d) => query.test(d)).map((d) => d._id)
    expect(result.docs.map((d) => d._id).sort()).toEqual(expected.sort())
  })

  it('gives the same answer as a full scan for every filter', () => {
    const filters = [{ leader: 'L7', day: { $gte: 100, $lt: 200 } }, { kinds: { $in: ['座谈'] }, day: { $lte: 3 } }, { note: null, leader: 'L0' }, { day: { $gt: 10, $lt: 5 } }]
    for (const filter of filters) {
      const viaIndex = selectDocuments(collection, filter).docs.map((d) => d._id).sort()
      const query = new Query(filter)
      const viaScan = [...collection.all()].filter((d) => query.test(d)).map((d) => d._id).sort()
      expect(viaIndex).toEqual(viaScan)
    }
  })

  it('walks an index in sort order and stops at the limit', () => {
    const result = selectDocuments(collection, { leader: 'L3' }, { sort: sortSpec({ day: -1 }), limit: 5 })
    expect(result.plan).toMatchObject({ kind: 'indexScan', ordered: true })
    expect(result.examined).toBe(5)
    const days = result.docs.map((d) => d.day as number)
    expect(days).toEqual([...days].sort((a, b) => b - a))
  })

  it('uses an index for a sort alone', () => {
    const result = selectDocuments(collection, {}, { sort: sortSpec({ day: 1 }), limit: 3 })
    expect(result.examined).toBe(3)
    expect(result.docs.map((d) => d.day)).toEqual([0, 0, 0])
  })

  it('scans the collection when no index applies', () => {
    const result = selectDocuments(collection, { note: 'x' }, { limit: 1 })
    expect(result.plan.kind).toBe('collectionScan')
  })
})
