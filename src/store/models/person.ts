import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { Role, RoleFlag } from '../../domain/people/person.ts'

export interface PersonDocument {
  _id: Types.ObjectId
  name: string
  /** Absent, never null: the unique indexes are sparse, so only people with an id take part. */
  wecomId?: string
  dingtalkId?: string
  unitId?: Types.ObjectId
  title?: string
  roles: Role[]
  flags: RoleFlag[]
  secretaryOf: Types.ObjectId[]
  handlerOf: Types.ObjectId[]
  createdAt: Date
  updatedAt: Date
}

const schema = new Schema<PersonDocument>(
  {
    name: { type: String, required: true },
    wecomId: String,
    dingtalkId: String,
    unitId: Schema.Types.ObjectId,
    title: String,
    roles: { type: [String], required: true },
    flags: { type: [String], required: true },
    secretaryOf: { type: [Schema.Types.ObjectId], required: true },
    handlerOf: { type: [Schema.Types.ObjectId], required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'people', versionKey: false, autoIndex: false },
)
schema.index({ wecomId: 1 }, { unique: true, sparse: true })
schema.index({ dingtalkId: 1 }, { unique: true, sparse: true })
schema.index({ name: 1, unitId: 1 })
schema.index({ unitId: 1 })
schema.index({ roles: 1 })
// Who are the secretaries of a leader, and who handles a unit's opinions.
schema.index({ secretaryOf: 1 })
schema.index({ handlerOf: 1 })

export function personModel(connection: Connection): Model<PersonDocument> {
  return connection.models.Person ?? connection.model<PersonDocument>('Person', schema)
}
