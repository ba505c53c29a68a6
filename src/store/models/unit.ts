import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { UnitKind } from '../../domain/people/person.ts'

export interface UnitDocument {
  _id: Types.ObjectId
  /** As written in the roster; unique, since rosters and routing name units by it. */
  name: string
  kind: UnitKind
  createdAt: Date
}

const schema = new Schema<UnitDocument>(
  {
    name: { type: String, required: true },
    kind: { type: String, enum: ['college', 'office', 'branch', 'other'], required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'units', versionKey: false, autoIndex: false },
)
schema.index({ name: 1 }, { unique: true })

export function unitModel(connection: Connection): Model<UnitDocument> {
  return connection.models.Unit ?? connection.model<UnitDocument>('Unit', schema)
}
