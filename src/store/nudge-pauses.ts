import type { Connection, Model } from 'mongoose'
import { nudgePauseModel, type NudgePauseDocument } from './models/nudge-pause.ts'

export interface NudgePause {
  readonly personId: string
  readonly from: string
  readonly to: string
  readonly reason: string
  readonly by: string
}

/** The nudge_pauses collection: leave and business travel (暂停提醒), when a person gets no nudges. */
export class NudgePauses {
  private constructor(private readonly model: Model<NudgePauseDocument>) {}

  static async open(connection: Connection): Promise<NudgePauses> {
    const model = nudgePauseModel(connection)
    await model.createIndexes()
    return new NudgePauses(model)
  }

  async add(pause: NudgePause, at: Date): Promise<void> {
    await this.model.create({ ...pause, at })
  }

  /** Who is paused on the date: one read for a whole nudge run. */
  async pausedOn(date: string): Promise<Set<string>> {
    return new Set(await this.model.distinct('personId', { from: { $lte: date }, to: { $gte: date } }))
  }
}
