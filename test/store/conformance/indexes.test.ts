import { Schema, type Model } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConformanceDb, type ConformanceDb } from './conformance-db.ts'

interface Person {
  name: string
  wecomId?: string
  unit: string
  employeeNo: number
}

describe('conformance: indexes and unique errors', () => {
  let db: ConformanceDb
  let People: Model<Person>
  beforeAll(async () => {
    db = await openConformanceDb()
    const schema = new Schema<Person>({ name: String, wecomId: String, unit: String, employeeNo: Number })
    schema.index({ wecomId: 1 }, { unique: true, partialFilterExpression: { wecomId: { $type: 'string' } } })
    schema.index({ unit: 1, employeeNo: 1 }, { unique: true })
    schema.index({ name: 1 })
    People = db.connection.model<Person>('Person', schema)
    await People.createIndexes()
  })
  afterAll(() => db.close())

  it('lists the indexes mongoose created', async () => {
    const indexes = await People.listIndexes()
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'name_1', 'unit_1_employeeNo_1', 'wecomId_1'])
    expect(indexes.find((i) => i.name === 'unit_1_employeeNo_1')).toMatchObject({ key: { unit: 1, employeeNo: 1 }, unique: true })
    expect(indexes.find((i) => i.name === 'wecomId_1')!.partialFilterExpression).toEqual({ wecomId: { $type: 'string' } })
  })

  it('reports a duplicate as code 11000 with keyPattern and keyValue', async () => {
    await People.create({ name: '张三', wecomId: 'zhangsan', unit: '党办', employeeNo: 1 })
    const error = await People.create({ name: '张三二', wecomId: 'zhangsan', unit: '党办', employeeNo: 2 }).catch((e) => e)
    expect(error).toMatchObject({ code: 11000, keyPattern: { wecomId: 1 }, keyValue: { wecomId: 'zhangsan' } })
    expect(error.message).toContain('E11000 duplicate key error')
    const compound = await People.create({ name: '李四', unit: '党办', employeeNo: 1 }).catch((e) => e)
    expect(compound).toMatchObject({ code: 11000, keyPattern: { unit: 1, employeeNo: 1 }, keyValue: { unit: '党办', employeeNo: 1 } })
  })

  it('lets a partial unique index skip documents outside its filter', async () => {
    await People.create({ name: 'a', unit: '教务处', employeeNo: 1 })
    await People.create({ name: 'b', unit: '教务处', employeeNo: 2 })
    expect(await People.countDocuments({ unit: '教务处' })).toBe(2)
  })

  it('stops an ordered insertMany at the first duplicate and goes on when unordered', async () => {
    const docs = (unit: string) => [1, 2, 2, 3].map((n) => ({ name: `n${n}`, unit, employeeNo: n }))
    const ordered = await People.insertMany(docs('ordered'), { ordered: true }).catch((e) => e)
    expect(ordered.code).toBe(11000)
    expect(await People.countDocuments({ unit: 'ordered' })).toBe(2)
    const unordered = await People.insertMany(docs('unordered'), { ordered: false }).catch((e) => e)
    expect(unordered.code).toBe(11000)
    expect(unordered.writeErrors ?? unordered.result?.getWriteErrors?.()).toHaveLength(1)
    expect(await People.countDocuments({ unit: 'unordered' })).toBe(3)
  })

  it('refuses an update that would duplicate a unique key and keeps the document', async () => {
    await People.create({ name: 'x', unit: 'u', employeeNo: 10 })
    await People.create({ name: 'y', unit: 'u', employeeNo: 11 })
    const error = await People.updateOne({ unit: 'u', employeeNo: 11 }, { $set: { employeeNo: 10 } }).catch((e) => e)
    expect(error).toMatchObject({ code: 11000, keyValue: { unit: 'u', employeeNo: 10 } })
    expect(await People.countDocuments({ unit: 'u', employeeNo: 11 })).toBe(1)
    const upsert = await People.findOneAndUpdate({ name: 'nobody' }, { $set: { unit: 'u', employeeNo: 10 } }, { upsert: true }).catch((e) => e)
    expect(upsert.code).toBe(11000)
  })

  it('keeps every index right through updates of some fields, partial filters included', async () => {
    const coll = db.connection.collection('updated')
    await coll.createIndex({ status: 1, sentAt: 1 })
    await coll.createIndex({ 'owner.id': 1 })
    await coll.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { open: true } })
    await coll.insertMany([
      { code: 'a', status: 'pending', sentAt: 1, owner: { id: 'u1' }, open: true, note: 'x' },
      { code: 'a', status: 'pending', sentAt: 2, owner: { id: 'u2' }, open: false, note: 'y' },
    ])
    // A field no index reads, then fields some indexes read.
    await coll.updateMany({}, { $set: { note: 'z' } })
    await coll.updateOne({ sentAt: 1 }, { $set: { status: 'done' }, $unset: { open: '' } })
    await coll.updateOne({ sentAt: 2 }, { $set: { owner: { id: 'u3' } } })
    const ids = async (filter: object, hint: object) => (await coll.find(filter).hint(hint).toArray()).map((d) => d.sentAt)
    expect(await ids({ status: 'done' }, { status: 1, sentAt: 1 })).toEqual([1])
    expect(await ids({ status: 'pending' }, { status: 1, sentAt: 1 })).toEqual([2])
    expect(await ids({ 'owner.id': { $in: ['u2', 'u3'] } }, { 'owner.id': 1 })).toEqual([2])
    expect(await coll.countDocuments({ note: 'z' })).toBe(2)
    // Leaving the partial filter freed the unique code; entering it again takes it back.
    await coll.updateOne({ sentAt: 2 }, { $set: { open: true } })
    const clash = await coll.updateOne({ sentAt: 1 }, { $set: { open: true } }).catch((e) => e)
    expect(clash.code).toBe(11000)
  })

  it('fails to build a unique index over existing duplicates', async () => {
    const coll = db.connection.collection('dups')
    await coll.insertMany([{ k: 1 }, { k: 1 }])
    await expect(coll.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 })
    expect((await coll.indexes()).map((i) => i.name)).toEqual(['_id_'])
  })

  it('lets a sparse unique index hold many documents without the field', async () => {
    const coll = db.connection.collection('sparse')
    await coll.createIndex({ code: 1 }, { unique: true, sparse: true })
    await coll.insertMany([{ n: 1 }, { n: 2 }, { code: 'a' }])
    await expect(coll.insertOne({ code: 'a' })).rejects.toMatchObject({ code: 11000 })
    expect(await coll.countDocuments({ code: { $exists: false } })).toBe(2)
  })

  it('treats a duplicate _id as E11000 on the _id_ index', async () => {
    const coll = db.connection.collection('ids')
    await coll.insertOne({ _id: 'same' as never })
    await expect(coll.insertOne({ _id: 'same' as never })).rejects.toMatchObject({ code: 11000, keyPattern: { _id: 1 }, keyValue: { _id: 'same' } })
  })

  it('creates, conflicts on and drops indexes as MongoDB does', async () => {
    const coll = db.connection.collection('ddl')
    expect(await coll.createIndex({ a: 1 })).toBe('a_1')
    expect(await coll.createIndex({ a: 1 })).toBe('a_1')
    await expect(coll.createIndex({ a: 1 }, { name: 'other' })).rejects.toMatchObject({ code: 85 })
    await expect(coll.createIndex({ b: 1 }, { name: 'a_1' })).rejects.toMatchObject({ code: 86 })
    await expect(coll.createIndex({ a: 1 }, { unique: true })).rejects.toMatchObject({ code: 85 })
    await coll.dropIndex('a_1')
    await expect(coll.dropIndex('a_1')).rejects.toMatchObject({ code: 27 })
    await expect(coll.dropIndex('_id_')).rejects.toMatchObject({ code: 72 })
    await expect(db.connection.collection('missing').indexes()).rejects.toMatchObject({ code: 26 })
  })

  it('lists, drops collections and databases', async () => {
    await db.connection.createCollection('made')
    await expect(db.connection.createCollection('made')).rejects.toMatchObject({ code: 48 })
    const names = (await db.connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)
    expect(names).toContain('made')
    expect(await db.connection.db!.collection('made').drop()).toBe(true)
    expect((await db.connection.db!.listCollections({ name: 'made' }).toArray()).length).toBe(0)
  })
})
