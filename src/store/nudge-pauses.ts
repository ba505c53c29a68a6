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

  async isPaused(personId: string, date: string): Promise<boolean> {
    return (await this.model.countDocuments({ personId, from: { $lte: date }, to: { $gte: date } })) > 0
  }
}
