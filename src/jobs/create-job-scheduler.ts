import { JobFires } from '../store/job-fires.ts'
import { defineJobs } from './define-jobs.ts'
import type { JobDefinition, JobSend } from './job.ts'
import { registerJobs, type JobServices } from './registry.ts'
import type { Schedules } from './schedules.ts'
import { JobScheduler } from './scheduler.ts'

export interface CreateJobSchedulerOptions {
  readonly schedules: Schedules
  readonly enqueue: JobSend
  /** Jobs with their own schedules besides the registered ones (tests). */
  readonly extraJobs?: readonly JobDefinition[]
  readonly now?: () => Date
}

/** The registered jobs on their schedules, coordinated through job_fires: the same for the bot and `npm run jobs`. */
export async function createJobScheduler(services: JobServices, options: CreateJobSchedulerOptions): Promise<JobScheduler> {
  const { schedules, now } = options
  const jobs = [...defineJobs(registerJobs(services), schedules), ...(options.extraJobs ?? [])]
  const fires = await JobFires.open(services.connection, now ? { now } : {})
  return new JobScheduler(jobs, { fires, enqueue: options.enqueue, log: services.log, quietHours: schedules.quietHours, ...(now ? { now } : {}) })
}
