import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { OpinionEvent, OpinionStatus, Rating, RequesterRef } from '../../domain/opinions/opinion.ts'

export interface OpinionDocument {
  _id: Types.ObjectId
  ticketNo: string
  source: 'contact' | 'direct'
  contactId?: string
  leaderId?: string
  requester?: RequesterRef
  anonymous: boolean
  category: string
  content: string
  raisedIn: string[]
  raisedOn: string
  deadlineRuleId?: string
  responsibleUnitId: string
  handlerUnitId: string
  status: OpinionStatus
  dueDate: string
  dueDateCertain: boolean
  resolution?: { text: string; by: string; at: Date }
  rating?: Rating
  reopenedCount: number
  history: OpinionEvent[]
  /** The inbound message and position that created it, so a re-run saves nothing twice. */
  sourceKey: string
  createdAt: Date
}

const schema = new Schema<OpinionDocument>(
  {
    ticketNo: { type: String, required: true },
    source: { type: String, enum: ['contact', 'direct'], required: true },
    contactId: String,
    leaderId: String,
    requester: { _id: false, platform: String, userId: String, name: String },
    anonymous: { type: Boolean, default: false },
    category: { type: String, required: true },
    content: { type: String, required: true },
    raisedIn: { type: [String], default: [] },
    raisedOn: { type: String, required: true },
    deadlineRuleId: String,
    responsibleUnitId: { type: String, required: true },
    handlerUnitId: { type: String, required: true },
    status: { type: String, enum: ['open', 'accepted', 'transferring', 'answered', 'closed'], required: true },
    dueDate: { type: String, required: true },
    dueDateCertain: { type: Boolean, default: true },
    resolution: { _id: false, text: String, by: String, at: Date },
    rating: String,
    reopenedCount: { type: Number, default: 0 },
    history: [{ _id: false, at: Date, by: String, action: String, detail: String }],
    sourceKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'opinions', versionKey: false, autoIndex: false },
)
schema.index({ ticketNo: 1 }, { unique: true })
schema.index({ sourceKey: 1 }, { unique: true })
// 我的意见; a handler unit's list; deadlines by due date.
schema.index({ 'requester.platform': 1, 'requester.userId': 1, createdAt: -1 })
schema.index({ handlerUnitId: 1, status: 1, dueDate: 1 })
schema.index({ responsibleUnitId: 1, status: 1, dueDate: 1 })
schema.index({ status: 1, dueDate: 1 })
schema.index({ contactId: 1 })
// Deadline duties: a leader's opinions of the academic year.
schema.index({ leaderId: 1, raisedOn: 1 })
schema.index({ raisedOn: 1 })

export function opinionModel(connection: Connection): Model<OpinionDocument> {
  return (connection.models.Opinion as Model<OpinionDocument> | undefined) ?? connection.model<OpinionDocument>('Opinion', schema)
}
