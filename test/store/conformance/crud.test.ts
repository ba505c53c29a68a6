import { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson'
import { Schema, type Model } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConformanceDb, type ConformanceDb } from './conformance-db.ts'

interface Contact {
  leader: string
  kinds: string[]
  date: Date
  place?: string | null
  count?: number
  meta?: { source: string; rating?: number }
}

describe('conformance: CRUD through mongoose', () => {
  let db: ConformanceDb
  let Contacts: Model<Contact>
  beforeAll(async () => {
    db = await openConformanceDb()
    Contacts = db.connection.model<Contact>(
      'Contact',
      new Schema<Contact>({ leader: String, kinds: [String], date: Date, place: String, count: Number, meta: { source: String, rating: Number } }),
    )
  })
  afterAll(() => db.close())

  it('creates, reads, updates and deletes', async () => {
    const created = await Contacts.create({ leader: '王', kinds: ['座谈'], date: new Date('2026-11-11T06:00:00Z'), place: '3号宿舍' })
    expect(created._id._bsontype).toBe('ObjectId')
    const found = await Contacts.findById(created._id).lean()
    expect(found).toMatchObject({ leader: '王', kinds: ['座谈'], place: '3号宿舍' })
    expect(found!.date.toISOString()).toBe('2026-11-11T06:00:00.000Z')

    const updated = await Contacts.updateOne({ _id: created._id }, { $set: { place: '4号宿舍' }, $push: { kinds: '进宿舍' } })
    expect(updated).toMatchObject({ matchedCount: 1, modifiedCount: 1 })
    const unchanged = await Contacts.updateOne({ _id: created._id }, { $set: { place: '4号宿舍' } })
    expect(unchanged).toMatchObject({ matchedCount: 1, modifiedCount: 0 })
    expect((await Contacts.findById(created._id).lean())!.kinds).toEqual(['座谈', '进宿舍'])

    const replaced = await Contacts.replaceOne({ _id: created._id }, { leader: '李', kinds: [], date: created.date })
    expect(replaced.modifiedCount).toBe(1)
    expect((await Contacts.findById(created._id).lean())!.leader).toBe('李')
    expect(await Contacts.deleteOne({ _id: created._id })).toMatchObject({ deletedCount: 1 })
    expect(await Contacts.findById(created._id)).toBeNull()
  })

  it('updates many and deletes many', async () => {
    await Contacts.insertMany([1, 2, 3, 4].map((i) => ({ leader: 'many', kinds: [], date: new Date(), count: i })))
    expect(await Contacts.updateMany({ leader: 'many', count: { $gte: 3 } }, { $inc: { count: 10 } })).toMatchObject({ matchedCount: 2, modifiedCount: 2 })
    expect((await Contacts.find({ leader: 'many' }).sort({ count: 1 }).lean()).map((c) => c.count)).toEqual([1, 2, 13, 14])
    expect(await Contacts.deleteMany({ leader: 'many' })).toMatchObject({ deletedCount: 4 })
  })

  it('upserts: equality fields copied, $setOnInsert applied only on insert', async () => {
    const first = await Contacts.updateOne(
      { leader: 'up', 'meta.source': 'chat' },
      { $inc: { count: 1 }, $setOnInsert: { kinds: ['听课'] } },
      { upsert: true },
    )
    expect(first.upsertedCount).toBe(1)
    const second = await Contacts.updateOne({ leader: 'up', 'meta.source': 'chat' }, { $inc: { count: 1 }, $setOnInsert: { kinds: ['座谈'] } }, { upsert: true })
    expect(second).toMatchObject({ upsertedCount: 0, matchedCount: 1, modifiedCount: 1 })
    const doc = await Contacts.findOne({ leader: 'up' }).lean()
    expect(doc).toMatchObject({ leader: 'up', meta: { source: 'chat' }, count: 2, kinds: ['听课'] })
    expect(doc!._id).toEqual(first.upsertedId)
  })

  it('upserts a replacement with the _id of the filter', async () => {
    const id = new ObjectId()
    await Contacts.replaceOne({ _id: id }, { leader: 'rep', kinds: [], date: new Date(0) }, { upsert: true })
    expect(await Contacts.findById(id).lean()).toMatchObject({ leader: 'rep' })
  })

  it('findOneAndUpdate, findOneAndDelete and upsert through findAndModify', async () => {
    await Contacts.create({ leader: 'fam', kinds: [], date: new Date(), count: 1 })
    const before = await Contacts.findOneAndUpdate({ leader: 'fam' }, { $inc: { count: 1 } }, { returnDocument: 'before' }).lean()
    expect(before!.count).toBe(1)
    const after = await Contacts.findOneAndUpdate({ leader: 'fam' }, { $inc: { count: 1 } }, { returnDocument: 'after' }).lean()
    expect(after!.count).toBe(3)
    const upserted = await Contacts.findOneAndUpdate({ leader: 'fam-new' }, { $set: { count: 7 } }, { upsert: true, returnDocument: 'after' }).lean()
    expect(upserted).toMatchObject({ leader: 'fam-new', count: 7 })
    const projected = await Contacts.findOneAndUpdate({ leader: 'fam' }, { $set: { place: 'x' } }, { returnDocument: 'after', projection: { place: 1 } }).lean()
    expect(Object.keys(projected!).sort()).toEqual(['_id', 'place'])
    expect(await Contacts.findOneAndDelete({ leader: 'fam' }).lean()).toMatchObject({ count: 3 })
    expect(await Contacts.findOne({ leader: 'fam' })).toBeNull()
    expect(await Contacts.findOneAndUpdate({ leader: 'nobody' }, { $set: { count: 1 } })).toBeNull()
  })

  it('updates array elements with arrayFilters and the positional operator', async () => {
    const coll = db.connection.collection('grades')
    await coll.insertOne({ _id: 1 as never, items: [{ k: 'a', v: 1 }, { k: 'b', v: 2 }], tags: ['x', 'y'] })
    await coll.updateOne({ _id: 1 as never }, { $set: { 'items.$[e].v': 20 } }, { arrayFilters: [{ 'e.k': 'b' }] })
    await coll.updateOne({ _id: 1 as never, tags: 'y' }, { $set: { 'tags.$': 'z' } })
    expect(await coll.findOne({ _id: 1 as never })).toEqual({ _id: 1, items: [{ k: 'a', v: 1 }, { k: 'b', v: 20 }], tags: ['x', 'z'] })
  })

  it('runs a bulkWrite of mixed operations', async () => {
    const result = await Contacts.bulkWrite([
      { insertOne: { document: { leader: 'bulk', kinds: [], date: new Date(), count: 1 } } },
      { updateOne: { filter: { leader: 'bulk' }, update: { $inc: { count: 1 } } } },
      { updateOne: { filter: { leader: 'bulk-up' }, update: { $set: { count: 5 } }, upsert: true } },
      { deleteMany: { filter: { leader: 'bulk-up' } } },
    ])
    expect(result).toMatchObject({ insertedCount: 1, matchedCount: 1, modifiedCount: 1, upsertedCount: 1, deletedCount: 1 })
  })

  it('refuses to change _id (ImmutableField, 66)', async () => {
    const coll = db.connection.collection('immutable')
    await coll.insertOne({ _id: 'a' as never, n: 1 })
    await expect(coll.updateOne({ _id: 'a' as never }, { $set: { _id: 'b' } })).rejects.toMatchObject({ code: 66 })
    await expect(coll.replaceOne({ _id: 'a' as never }, { _id: 'b', n: 2 })).rejects.toMatchObject({ code: 66 })
    expect(await coll.findOne({ _id: 'a' as never })).toEqual({ _id: 'a', n: 1 })
  })

  it('errors where MongoDB errors: $inc on a string (14), $push on a non-array (2), unknown modifier (9), conflicts (40)', async () => {
    const coll = db.connection.collection('typed')
    await coll.insertOne({ _id: 1 as never, name: 'x', n: 1 })
    await expect(coll.updateOne({ _id: 1 as never }, { $inc: { name: 1 } })).rejects.toMatchObject({ code: 14 })
    await expect(coll.updateOne({ _id: 1 as never }, { $push: { name: 'y' } } as never)).rejects.toMatchObject({ code: 2 })
    await expect(coll.updateOne({ _id: 1 as never }, { $frobnicate: { n: 1 } } as never)).rejects.toMatchObject({ code: 9 })
    await expect(coll.updateOne({ _id: 1 as never }, { $set: { n: 2 }, $inc: { n: 1 } })).rejects.toMatchObject({ code: 40 })
    expect(await coll.findOne({ _id: 1 as never })).toEqual({ _id: 1, name: 'x', n: 1 })
  })

  it('matches missing fields with {field: null}', async () => {
    const coll = db.connection.collection('nulls')
    await coll.insertMany([{ _id: 1, a: null }, { _id: 2 }, { _id: 3, a: 0 }] as never[])
    expect((await coll.find({ a: null }).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2])
    expect((await coll.find({ a: { $exists: false } }).toArray()).map((d) => d._id)).toEqual([2])
    expect((await coll.find({ a: { $ne: null } }).toArray()).map((d) => d._id)).toEqual([3])
  })

  it('round-trips every type Liaison stores exactly', async () => {
    const coll = db.connection.collection('types')
    const id = new ObjectId()
    const doc = {
      _id: id,
      string: '联系师生 ✓ 😀',
      int: 42,
      negative: -7,
      double: 3.25,
      big: 2 ** 40 + 1,
      boolTrue: true,
      boolFalse: false,
      nothing: null,
      date: new Date('2026-11-18T02:03:04.567Z'),
      nested: { a: { b: [1, 'two', { c: new Date(0) }] } },
      array: [new ObjectId(), null, [], {}],
      emptyString: '',
      binary: new Binary(Buffer.from([0, 1, 2, 255])),
      pattern: /^座谈\d+$/i,
      stamp: new Timestamp({ t: 1_700_000_000, i: 3 }),
    }
    await coll.insertOne(doc)
    expect(await coll.findOne({ _id: id })).toEqual(doc)
    const raw = await coll.findOne({ _id: id }, { promoteValues: false })
    expect(raw!.int._bsontype).toBe('Int32')
    expect(raw!.double._bsontype).toBe('Double')
  })

  it('refuses Decimal128 and Long on the embedded store', async () => {
    if (!db.embedded) return
    const coll = db.connection.collection('refused')
    await expect(coll.insertOne({ d: Decimal128.fromString('1.5') })).rejects.toMatchObject({ code: 2, message: expect.stringContaining('Decimal128') })
    await expect(coll.insertOne({ l: Long.fromNumber(5) })).rejects.toMatchObject({ code: 2, message: expect.stringContaining('Long') })
    expect(await coll.countDocuments()).toBe(0)
    // An update writing one top-level field has that field checked, and only its change refused.
    await coll.insertOne({ _id: 'kept', n: 1 } as never)
    await expect(coll.updateOne({ _id: 'kept' } as never, { $set: { l: { inner: [Long.fromNumber(5)] } } })).rejects.toMatchObject({ code: 2, message: expect.stringContaining("field 'l'") })
    expect(await coll.findOne({ _id: 'kept' } as never)).toEqual({ _id: 'kept', n: 1 })
  })
})
