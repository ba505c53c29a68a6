import { Schema, type Connection, type Model, type Types } from 'mongoose'
import { ASSIGNMENT_KINDS, type AssignmentKind } from '../../domain/assignments/assignment.ts'

export interface AssignmentDocument {
  _id: Types.ObjectId
  personId: string
  kind: AssignmentKind
  /** As written. */
  target: string
  /** assignmentKey(target): one link per person, kind and target however it is typed. */
  key: string
  aliases: string[]
  /** Shanghai date the link started; a link removed and added again starts again. */
  since?: string
  source: 'roster' | 'admin'
  createdAt: Date
  updatedAt: Date
  /** Set when the link ended; the document stays, with its history. */
  removedAt?: Date
  /** Who did what when: `by` is the admin's person id, or `roster` for an import. */
  history: Array<{ at: Date; by: string; action: 'added' | 'changed' | 'removed' }>
}

const schema = new Schema<AssignmentDocument>(
  {
    personId: { type: String, required: true },
    kind: { type: String, enum: ASSIGNMENT_KINDS, required: true },
    target: { type: String, required: true },
    key: { type: String, required: true },
    aliases: { type: [String], default: [] },
    since: String,
    source: { type: String, enum: ['roster', 'admin'], required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    removedAt: Date,
    history: [{ _id: false, at: Date, by: String, action: String }],
  },
  { collection: 'assignments', versionKey: false, autoIndex: false },
)
// A person's links (their duties, the roster), and one per person, kind and target.
schema.index({ personId: 1, kind: 1, key: 1 }, { unique: true })
// Everyone linked to a kind of target (who looks after which college).
schema.index({ kind: 1 })

export function assignmentModel(connection: Connection): Model<AssignmentDocument> {
  return (connection.models.Assignment as Model<AssignmentDocument> | undefined) ?? connection.model<AssignmentDocument>('Assignment', schema)
}
