import { Schema, type Connection, type Model } from 'mongoose'

/**
 * One scheduled fire of one job, claimed by the instance that runs it. Until done, the owner
 * holds it for leaseUntil (renewed while the job runs); a fire whose lease ran out unfinished
 * belonged to an instance that died, and another may take it over.
 */
export interface JobFireDocument {
  /** `${job}:${fireAt ISO}`: node-cron's coordination key, so every instance names a fire alike. */
  _id: string
  job: string
  fireAt: Date
  owner: string
  leaseUntil: Date
  done: boolean
  startedAt: Date
  finishedAt?: Date
  /** The job's error, when the run failed (it is done all the same: a failed fire is not retried). */
  error?: string
  /** How often an unfinished fire was taken over from an instance whose lease ran out. */
  takeovers: number
}

const schema = new Schema<JobFireDocument>(
  {
    _id: String,
    job: { type: String, required: true },
    fireAt: { type: Date, required: true },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    done: { type: Boolean, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: Date,
    error: String,
    takeovers: { type: Number, default: 0 },
  },
  { collection: 'job_fires', versionKey: false, minimize: false, autoIndex: false },
)
// The last completed fire of a job (catch-up, `npm run jobs -- list`, /healthz).
schema.index({ job: 1, done: 1, fireAt: -1 })

export function jobFireModel(connection: Connection): Model<JobFireDocument> {
  return (connection.models.JobFire as Model<JobFireDocument> | undefined) ?? connection.model<JobFireDocument>('JobFire', schema)
}
