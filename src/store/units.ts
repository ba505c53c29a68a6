import { Types, type Connection, type Model } from 'mongoose'
import type { Unit, UnitKind } from '../domain/people/person.ts'
import { unitModel, type UnitDocument } from './models/unit.ts'

/** The units collection: colleges, offices, Party branches, each known by its unique name. */
export class Units {
  private constructor(private readonly model: Model<UnitDocument>) {}

  static async open(connection: Connection): Promise<Units> {
    const model = unitModel(connection)
    await model.createIndexes()
    return new Units(model)
  }

  async findById(id: string): Promise<Unit | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined
    return toUnit(await this.model.collection.findOne({ _id: new Types.ObjectId(id) }))
  }

  async findByName(name: string): Promise<Unit | undefined> {
    return toUnit(await this.model.collection.findOne({ name }))
  }

  async list(): Promise<Unit[]> {
    const documents = await this.model.collection.find({}, { sort: { _id: 1 } }).toArray()
    return documents.map((d) => toUnit(d)!)
  }

  /** The unit of that name, created with that kind if there is none; an existing unit keeps its kind. */
  async ensure(name: string, kind: UnitKind, now: Date): Promise<Unit> {
    const document = await this.model.collection.findOneAndUpdate(
      { name },
      { $setOnInsert: { name, kind, createdAt: now } },
      { upsert: true, returnDocument: 'after' },
    )
    return toUnit(document)!
  }
}

function toUnit(document: unknown): Unit | undefined {
  if (!document) return undefined
  const d = document as UnitDocument
  return { id: d._id.toHexString(), name: d.name, kind: d.kind }
}
