import { Types, type Connection, type Model, type mongo } from 'mongoose'
import type { Person, Platform, Role } from '../domain/people/person.ts'
import { personModel, type PersonDocument } from './models/person.ts'

const OBJECT_ID = /^[0-9a-f]{24}$/i

/** The people collection: everyone on the roster, with their platform ids, unit and roles. */
export class People {
  private constructor(private readonly model: Model<PersonDocument>) {}

  /** Builds the indexes first: the unique WeCom and DingTalk ids must hold from the first insert. */
  static async open(connection: Connection): Promise<People> {
    const model = personModel(connection)
    await model.createIndexes()
    return new People(model)
  }

  /** An id for a person about to be created, so a roster can refer to people it has not written yet. */
  newId(): string {
    return new Types.ObjectId().toHexString()
  }

  async findById(id: string): Promise<Person | undefined> {
    if (!OBJECT_ID.test(id)) return undefined
    return toPerson(await this.model.collection.findOne({ _id: new Types.ObjectId(id) }))
  }

  /**
   * The person behind a platform's user id. In the local chat any of a person's ids works
   * (see localUserId); should two people share it, the WeCom id wins, then the DingTalk id.
   */
  async findByPlatformId(platform: Platform, userId: string): Promise<Person | undefined> {
    if (platform === 'wecom') return toPerson(await this.model.collection.findOne({ wecomId: userId }))
    if (platform === 'dingtalk') return toPerson(await this.model.collection.findOne({ dingtalkId: userId }))
    const byId = OBJECT_ID.test(userId) ? [{ _id: new Types.ObjectId(userId) }] : []
    const found = await this.model.collection.find({ $or: [{ wecomId: userId }, { dingtalkId: userId }, ...byId] }).toArray()
    const best = found.find((d) => d.wecomId === userId) ?? found.find((d) => d.dingtalkId === userId) ?? found[0]
    return toPerson(best)
  }

  /** Everyone of that name: names are not unique. */
  async findByName(name: string): Promise<Person[]> {
    return this.find({ name })
  }

  async list(filter: { readonly role?: Role; readonly unitId?: string } = {}): Promise<Person[]> {
    if (filter.unitId !== undefined && !OBJECT_ID.test(filter.unitId)) return []
    return this.find({
      ...(filter.role ? { roles: filter.role } : {}),
      ...(filter.unitId ? { unitId: new Types.ObjectId(filter.unitId) } : {}),
    })
  }

  /**
   * Writes people as the roster has them, creating those whose id is new. Fields the person
   * lacks are removed, so a cleared cell clears the stored value.
   */
  async upsertFromRoster(people: readonly Person[], now: Date): Promise<void> {
    if (people.length === 0) return
    const operations: mongo.AnyBulkWriteOperation[] = people.map((p) => {
      const set: Record<string, unknown> = {
        name: p.name,
        roles: [...p.roles],
        flags: [...p.flags],
        secretaryOf: p.secretaryOf.map((id) => new Types.ObjectId(id)),
        handlerOf: p.handlerOf.map((id) => new Types.ObjectId(id)),
        updatedAt: now,
      }
      const unset: Record<string, ''> = {}
      for (const [field, value] of [['wecomId', p.wecomId], ['dingtalkId', p.dingtalkId], ['title', p.title]] as const) {
        if (value === undefined) unset[field] = ''
        else set[field] = value
      }
      if (p.unitId === undefined) unset.unitId = ''
      else set.unitId = new Types.ObjectId(p.unitId)
      return {
        updateOne: {
          filter: { _id: new Types.ObjectId(p.id) },
          update: { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}), $setOnInsert: { createdAt: now } },
          upsert: true,
        },
      }
    })
    // Ordered, so a clash on a unique id stops at the person who caused it.
    await this.model.collection.bulkWrite(operations, { ordered: true })
  }

  private async find(filter: Record<string, unknown>): Promise<Person[]> {
    const documents = await this.model.collection.find(filter, { sort: { _id: 1 } }).toArray()
    return documents.map((d) => toPerson(d)!)
  }
}

function toPerson(document: unknown): Person | undefined {
  if (!document) return undefined
  const d = document as PersonDocument
  return {
    id: d._id.toHexString(),
    name: d.name,
    ...(d.wecomId !== undefined ? { wecomId: d.wecomId } : {}),
    ...(d.dingtalkId !== undefined ? { dingtalkId: d.dingtalkId } : {}),
    ...(d.unitId ? { unitId: d.unitId.toHexString() } : {}),
    ...(d.title !== undefined ? { title: d.title } : {}),
    roles: d.roles ?? [],
    flags: d.flags ?? [],
    secretaryOf: (d.secretaryOf ?? []).map((id) => id.toHexString()),
    handlerOf: (d.handlerOf ?? []).map((id) => id.toHexString()),
  }
}
