import { ObjectId } from 'bson'
import type { Collection } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConformanceDb, type ConformanceDb } from './conformance-db.ts'

/** Shanghai wall-clock time as a Date (the zone has no daylight saving). */
const shanghai = (local: string) => new Date(`${local}+08:00`)

describe('conformance: queries, sort, cursors and aggregation', () => {
  let db: ConformanceDb
  let contacts: Collection
  let leaders: Collection
  beforeAll(async () => {
    db = await openConformanceDb()
    contacts = db.connection.collection('contacts')
    leaders = db.connection.collection('leaders')
    await leaders.insertMany([
      { _id: 'wang' as never, name: '王书记', unit: '党委' },
      { _id: 'li' as never, name: '李院长', unit: '计算机学院' },
    ])
    await contacts.createIndex({ leaderId: 1, at: 1 })
    await contacts.insertMany([
      { leaderId: 'wang', kinds: ['座谈', '进宿舍'], at: shanghai('2026-11-02T15:00:00'), hours: 0, opinions: ['热水', '断网'] },
      { leaderId: 'wang', kinds: ['讲思政课'], at: shanghai('2026-11-30T23:30:00'), hours: 2, opinions: [] },
      { leaderId: 'wang', kinds: ['听课'], at: shanghai('2026-12-01T00:30:00'), hours: 0, opinions: ['教室太冷'] },
      { leaderId: 'li', kinds: ['进食堂'], at: shanghai('2026-11-15T12:00:00'), hours: 0, opinions: ['价格'] },
      { leaderId: 'li', kinds: ['座谈'], at: shanghai('2026-10-31T23:59:59'), hours: 0, opinions: [] },
    ])
  })
  afterAll(() => db.close())

  it('selects a Shanghai month by a Date range', async () => {
    const november = await contacts
      .find({ at: { $gte: shanghai('2026-11-01T00:00:00'), $lt: shanghai('2026-12-01T00:00:00') } })
      .sort({ at: 1 })
      .toArray()
    expect(november.map((c) => c.kinds[0])).toEqual(['座谈', '进食堂', '讲思政课'])
  })

  it('sorts, skips and limits, including descending and compound sorts', async () => {
    const all = await contacts.find({}, { projection: { _id: 0, leaderId: 1, at: 1 } }).sort({ leaderId: 1, at: -1 }).toArray()
    expect(all.map((c) => `${c.leaderId}@${c.at.toISOString().slice(0, 10)}`)).toEqual([
      'li@2026-11-15', 'li@2026-10-31', 'wang@2026-11-30', 'wang@2026-11-30', 'wang@2026-11-02',
    ])
    const page = await contacts.find({ leaderId: 'wang' }).sort({ at: -1 }).skip(1).limit(1).toArray()
    expect(page[0]!.kinds).toEqual(['讲思政课'])
    expect(await contacts.countDocuments({ leaderId: 'wang' }, { skip: 1, limit: 5 })).toBe(2)
  })

  it('sorts mixed types in BSON order with missing as null', async () => {
    const mixed = db.connection.collection('mixed')
    await mixed.insertMany([
      { _id: 1, v: 'b' }, { _id: 2, v: 10 }, { _id: 3 }, { _id: 4, v: true }, { _id: 5, v: new Date(0) },
      { _id: 6, v: { x: 1 } }, { _id: 7, v: null }, { _id: 8, v: new ObjectId('000000000000000000000001') }, { _id: 9, v: 2.5 },
      { _id: 10, v: [3, 1] },
    ] as never[])
    const ascending = await mixed.find().sort({ v: 1, _id: 1 }).toArray()
    expect(ascending.map((d) => d._id)).toEqual([3, 7, 10, 9, 2, 1, 6, 8, 4, 5])
    const descending = await mixed.find().sort({ v: -1, _id: 1 }).toArray()
    expect(descending.map((d) => d._id)).toEqual([5, 4, 8, 6, 1, 2, 10, 9, 3, 7])
  })

  it('projects, matches arrays and uses query operators', async () => {
    const withHours = await contacts.find({ hours: { $gt: 0 } }, { projection: { hours: 1, _id: 0 } }).toArray()
    expect(withHours).toEqual([{ hours: 2 }])
    expect(await contacts.countDocuments({ kinds: '座谈' })).toBe(2)
    expect(await contacts.countDocuments({ kinds: { $all: ['座谈', '进宿舍'] } })).toBe(1)
    expect(await contacts.countDocuments({ opinions: { $size: 0 } })).toBe(2)
    expect(await contacts.countDocuments({ $or: [{ leaderId: 'li' }, { hours: 2 }] })).toBe(3)
    expect(await contacts.countDocuments({ leaderId: { $in: ['li', 'nobody'] }, kinds: { $regex: '^进' } })).toBe(1)
    expect((await contacts.distinct('kinds', { leaderId: 'wang' })).sort()).toEqual(['听课', '座谈', '讲思政课', '进宿舍'].sort())
    expect(await contacts.estimatedDocumentCount()).toBe(5)
  })

  it('aggregates with $match $group $sort $project $unwind $count and $dateToString in Asia/Shanghai', async () => {
    const perMonth = await contacts
      .aggregate([
        { $project: { leaderId: 1, month: { $dateToString: { date: '$at', format: '%Y-%m', timezone: 'Asia/Shanghai' } } } },
        { $group: { _id: { leader: '$leaderId', month: '$month' }, n: { $sum: 1 } } },
        { $sort: { '_id.leader': 1, '_id.month': 1 } },
      ])
      .toArray()
    expect(perMonth).toEqual([
      { _id: { leader: 'li', month: '2026-10' }, n: 1 },
      { _id: { leader: 'li', month: '2026-11' }, n: 1 },
      { _id: { leader: 'wang', month: '2026-11' }, n: 2 },
      { _id: { leader: 'wang', month: '2026-12' }, n: 1 },
    ])
    const opinions = await contacts.aggregate([{ $unwind: '$opinions' }, { $count: 'n' }]).toArray()
    expect(opinions).toEqual([{ n: 4 }])
    const kinds = await contacts
      .aggregate([{ $match: { leaderId: 'wang' } }, { $unwind: '$kinds' }, { $group: { _id: '$kinds', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray()
    expect(kinds.map((k) => k._id)).toEqual(['听课', '座谈', '讲思政课', '进宿舍'])
  })

  it('aggregates with $lookup and $facet', async () => {
    const joined = await contacts
      .aggregate([
        { $match: { kinds: '座谈' } },
        { $lookup: { from: 'leaders', localField: 'leaderId', foreignField: '_id', as: 'leader' } },
        { $unwind: '$leader' },
        { $project: { _id: 0, name: '$leader.name' } },
        { $sort: { name: 1 } },
      ])
      .toArray()
    expect(joined).toEqual([{ name: '李院长' }, { name: '王书记' }])
    const [facets] = await contacts
      .aggregate([{ $facet: { total: [{ $count: 'n' }], byLeader: [{ $group: { _id: '$leaderId', hours: { $sum: '$hours' } } }, { $sort: { _id: 1 } }] } }])
      .toArray()
    expect(facets).toEqual({ total: [{ n: 5 }], byLeader: [{ _id: 'li', hours: 0 }, { _id: 'wang', hours: 2 }] })
  })

  it('leaves stored documents unchanged by an aggregation that rewrites fields', async () => {
    await contacts.aggregate([{ $set: { leaderId: 'changed', 'extra.x': 1 } }]).toArray()
    expect(await contacts.countDocuments({ leaderId: 'changed' })).toBe(0)
  })

  it('reads 10,000 documents through a cursor in batches', async () => {
    const bulk = db.connection.collection('bulk')
    await bulk.insertMany(Array.from({ length: 10_000 }, (_, i) => ({ i, text: `第${i}条` })))
    let seen = 0
    let last = -1
    for await (const doc of bulk.find({}, { batchSize: 500 }).sort({ i: 1 })) {
      expect(doc.i).toBe(last + 1)
      last = doc.i
      seen++
    }
    expect(seen).toBe(10_000)
    const viaAggregate = await bulk.aggregate([{ $match: { i: { $gte: 5000 } } }], { batchSize: 1000 }).toArray()
    expect(viaAggregate).toHaveLength(5000)
  })

  it('closes a cursor early with killCursors', async () => {
    const cursor = db.connection.collection('bulk').find({}, { batchSize: 10 })
    await cursor.next()
    const id = cursor.id!
    expect(id.isZero()).toBe(false)
    await cursor.close()
    await expect(db.connection.db!.command({ getMore: id, collection: 'bulk' })).rejects.toMatchObject({ code: 43 })
  })

  it('projects top-level fields, _id and names in Chinese as MongoDB does', async () => {
    const people = db.connection.collection('projected')
    await people.createIndex({ status: 1, date: 1 })
    await people.insertMany([
      { _id: 'a' as never, status: 'confirmed', date: '2026-11-02', 姓名: '王书记', nested: { x: 1, y: 2 }, list: [1, 2], n: 1 },
      { _id: 'b' as never, status: 'confirmed', date: '2026-11-20', 姓名: '李院长', nested: { x: 3 }, n: 2 },
      { _id: 'c' as never, status: 'withdrawn', date: '2026-11-05', 姓名: '张处长', n: 3 },
    ])
    const find = (filter: object, projection: object) => people.find(filter, { projection }).sort({ _id: 1 }).toArray()
    expect(await find({}, { 姓名: 1 })).toEqual([{ _id: 'a', 姓名: '王书记' }, { _id: 'b', 姓名: '李院长' }, { _id: 'c', 姓名: '张处长' }])
    expect(await find({ n: 1 }, { _id: 0, n: 1, list: 1 })).toEqual([{ n: 1, list: [1, 2] }])
    expect(await find({ n: 1 }, { nested: 0, list: 0 })).toEqual([{ _id: 'a', status: 'confirmed', date: '2026-11-02', 姓名: '王书记', n: 1 }])
    expect(await find({ n: 2 }, { _id: 0, status: 0, date: 0, 姓名: 0 })).toEqual([{ nested: { x: 3 }, n: 2 }])
    expect(await find({ n: 3 }, { _id: 1 })).toEqual([{ _id: 'c' }])
    expect(await find({ n: 3 }, { _id: 0 })).toEqual([{ status: 'withdrawn', date: '2026-11-05', 姓名: '张处长', n: 3 }])
    expect(await find({ n: 1 }, { 'nested.x': 1 })).toEqual([{ _id: 'a', nested: { x: 1 } }])
    expect(await find({ n: 1 }, { missing: 1 })).toEqual([{ _id: 'a' }])
    // Filters the {status, date} index answers whole, with inclusive and exclusive ends.
    expect((await find({ status: 'confirmed', date: { $gte: '2026-11-02' } }, { 姓名: 1 })).map((d) => d.姓名)).toEqual(['王书记', '李院长'])
    expect((await find({ status: 'confirmed', date: { $gt: '2026-11-02' } }, { 姓名: 1 })).map((d) => d.姓名)).toEqual(['李院长'])
    expect((await find({ status: 'confirmed', date: { $gte: '2026-11-02', $lt: '2026-11-20' } }, { _id: 0, n: 1 }))).toEqual([{ n: 1 }])
    const count = async (query: object) => ((await db.connection.db!.command({ count: 'projected', query })) as { n: number }).n
    expect([await count({ status: 'confirmed', date: { $gte: '2026-11-02' } }), await count({ status: 'confirmed', date: { $gt: '2026-11-02' } }), await count({ status: { $in: ['confirmed', 'confirmed', 'withdrawn'] } })]).toEqual([2, 1, 3])
    await expect(people.find({}, { projection: { n: 1, list: 0 } }).toArray()).rejects.toMatchObject({ code: expect.any(Number) })
  })

  it('reads the fields an $expr filter needs, whatever the projection or the stages after it', async () => {
    const hours = db.connection.collection('hours')
    await hours.insertMany([
      { _id: 1 as never, planned: 4, taught: 4, who: '王书记' },
      { _id: 2 as never, planned: 4, taught: 2, who: '李院长' },
      { _id: 3 as never, planned: 2, taught: 3, who: '张处长' },
    ])
    const short = { $expr: { $lt: ['$taught', '$planned'] } }
    expect(await hours.find(short, { projection: { _id: 0, who: 1 } }).toArray()).toEqual([{ who: '李院长' }])
    expect(await hours.countDocuments(short)).toBe(1)
    expect(await db.connection.db!.command({ count: 'hours', query: { $and: [short] } })).toMatchObject({ n: 1 })
    expect(await hours.aggregate([{ $match: { $or: [short, { who: '张处长' }] } }, { $group: { _id: null, n: { $sum: 1 } } }]).toArray()).toEqual([{ _id: null, n: 2 }])
  })
})
