import type { Job, JobDefinition } from './job.ts'
import type { Schedules } from './schedules.ts'

/**
 * Gives each registered job its schedule from conversations/schedules.yaml. A job without an
 * entry, or an entry without a job, stops the start with the file and the job named.
 */
export function defineJobs(jobs: readonly Job[], schedules: Schedules): JobDefinition[] {
  const unknown = schedules.jobs.find((entry) => !jobs.some((job) => job.name === entry.name))
  if (unknown) throw new Error(`${schedules.file}: jobs.${unknown.name}: no such job is registered (src/jobs/registry.ts)`)
  return jobs.map((job) => {
    const entry = schedules.jobs.find((j) => j.name === job.name)
    if (!entry) throw new Error(`${schedules.file}: jobs.${job.name}: the job is registered but has no schedule`)
    return { name: job.name, run: (fireAt, context) => job.run(fireAt, context), schedules: entry.schedules, staleAfterMs: entry.staleAfterMs, onlyOnWorkingDays: entry.onlyOnWorkingDays }
  })
}
