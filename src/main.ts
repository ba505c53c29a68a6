import type { Server } from 'node:http'
import { pathToFileURL } from 'node:url'
import type Router from '@koa/router'
import { adminGroups, configuredSenders } from './channels/configured-senders.ts'
import { mountDingtalkRobot } from './channels/dingtalk/routes.ts'
import { Inbox, type InboxOptions } from './channels/inbox.ts'
import { LocalMailbox } from './channels/local/mailbox.ts'
import { loadLocalPeople, type LocalPeopleSource, type LocalPerson } from './channels/local/people.ts'
import { mountLocalChat } from './channels/local/routes.ts'
import type { MessageHandler } from './channels/message.ts'
import { mountWecomBot } from './channels/wecom-bot/routes.ts'
import { mountWecomApp } from './channels/wecom/routes.ts'
import { environmentWithDotenv } from './config/env-file.ts'
import { ConfigError, loadConfig, type Config } from './config/load-config.ts'
import { createConversation } from './conversation/create-conversation.ts'
import { openServices, type Services } from './services.ts'
import { loadMessages } from './messages.ts'
import { isAdmin, isLeader, localUserId } from './domain/people/person.ts'
import { isLiaisonError } from './errors.ts'
import { createApp } from './http/app.ts'
import type { HealthSource } from './http/healthz.ts'
import { mountLocalChatPage } from './http/local-chat-page.ts'
import { createJobScheduler } from './jobs/create-job-scheduler.ts'
import type { JobDefinition } from './jobs/job.ts'
import { loadSchedules } from './jobs/schedules.ts'
import type { JobScheduler } from './jobs/scheduler.ts'
import { createLogger, type Logger } from './log.ts'
import { Outbox, type OutboxOptions } from './outbox/outbox.ts'
import { OutboxWorker, type OutboxWorkerOptions } from './outbox/outbox-worker.ts'
import { InboundMessages } from './store/inbound-messages.ts'
import { OutboxMessages } from './store/outbox-messages.ts'
import { openStore, type Store } from './store/open-store.ts'
import type { People } from './store/people.ts'
import type { Units } from './store/units.ts'
import { VERSION } from './version.ts'

export interface LiaisonOptions {
  /** An open store to use instead of the configured one; the caller keeps it open after stop (tests, restarts). */
  readonly store?: Store
  readonly now?: () => Date
  /** What acts on messages instead of the conversation engine (tests of the channels). */
  readonly handler?: MessageHandler
  /** How long a WeCom callback waits for its answer to return it passively. */
  readonly passiveBudgetMs?: number
  /** Timeout of one request to a platform API. */
  readonly sendTimeoutMs?: number
  readonly inbox?: Omit<InboxOptions, 'now' | 'apology'>
  /** How often expired conversations are looked for (tests shorten it). */
  readonly sessionSweepIntervalMs?: number
  readonly outbox?: Omit<OutboxWorkerOptions, 'now' | 'admins' | 'deadLetterText'> & Pick<OutboxOptions, 'holdMs'>
  /** Jobs with their own schedules besides the registered ones (tests); scheduled only when JOBS=on. */
  readonly jobs?: readonly JobDefinition[]
}

export interface RunningLiaison {
  readonly server: Server
  readonly store: Store
  readonly url: string
  /** The inbox, so tools and tests can wait until every accepted message was handled. */
  readonly inbox: Inbox
  /** The job scheduler when JOBS=on, so tests can wait for its catch-up or run a fire. */
  readonly jobs: JobScheduler | undefined
  /** The services and the outbox, for tools and tests that act as the bot does (a scheduler of their own, a look at duties). */
  readonly services: Services
  readonly outbox: Outbox
  stop(): Promise<void>
}

/** The composition root: builds each part from the configuration and hands parts to each other. */
export async function startLiaison(config: Config, log: Logger, options: LiaisonOptions = {}): Promise<RunningLiaison> {
  const startedAt = new Date()
  const now = options.now ?? (() => new Date())
  const store = options.store ?? (await openStore(config.store, log, { log: config.log }))
  const { channels } = config
  const messages = loadMessages()
  const [inboundMessages, outboxMessages] = await Promise.all([InboundMessages.open(store.connection), OutboxMessages.open(store.connection)])

  const mailbox = new LocalMailbox(now)
  const senders = configuredSenders(channels, mailbox, { now, ...(options.sendTimeoutMs ? { timeoutMs: options.sendTimeoutMs } : {}) })
  const admins = adminGroups(channels)

  const outbox = new Outbox(outboxMessages, senders, { now, ...(options.outbox?.holdMs ? { holdMs: options.outbox.holdMs } : {}) })
  const services = await openServices({ connection: store.connection, outbox, platforms: [...senders.keys()], adminGroups: admins, messages, rulesProfile: config.rulesProfile, log, now })
  const worker = new OutboxWorker(outboxMessages, outbox, senders, log, {
    ...options.outbox,
    now,
    admins: () => services.adminRecipients(),
    deadLetterText: (dead) => ({ kind: 'text', text: messages.text('OUTBOX_DEAD', { ...dead }) }),
  })
  const { people, units, calendar: calendarService } = services
  const conversationConfig = { ...config.conversation, ...(options.sessionSweepIntervalMs ? { sweepIntervalMs: options.sessionSweepIntervalMs } : {}) }
  const conversation = createConversation(services, { outbox, config: conversationConfig, log, now })
  const handler = options.handler ?? conversation.handle
  const inbox = new Inbox(inboundMessages, handler, outbox, log, { ...options.inbox, now, apology: { kind: 'text', text: messages.text('INTERNAL') } })
  const jobs = config.jobs.enabled
    ? await createJobScheduler({ connection: store.connection, log, services }, { schedules: loadSchedules(), enqueue: (requests) => outbox.enqueueMany(requests), extraJobs: options.jobs ?? [], now })
    : undefined

  const on = [
    ...(channels.wecom ? ['wecom'] : []),
    ...(channels.wecomBot ? ['wecom-bot'] : []),
    ...(channels.dingtalk ? ['dingtalk'] : []),
    ...(channels.localChat ? ['local'] : []),
  ]
  const passive = { now, ...(options.passiveBudgetMs !== undefined ? { passiveBudgetMs: options.passiveBudgetMs } : {}) }
  const routes: Array<(router: Router) => void> = []
  if (channels.wecom) routes.push((router) => mountWecomApp(router, channels.wecom!, inbox, log, passive))
  if (channels.wecomBot) routes.push((router) => mountWecomBot(router, channels.wecomBot!, inbox, log, passive))
  if (channels.wecomBot && !channels.wecom) {
    log.warn('the WeCom AI bot is on without the self-built app: messages to one person (reminders, private answers) cannot be sent on WeCom; set WECOM_CORP_ID and the other WECOM_ app variables')
  }
  if (channels.dingtalk) routes.push((router) => mountDingtalkRobot(router, channels.dingtalk!, inbox, { now }))
  if (channels.localChat) {
    const samples = loadLocalPeople()
    routes.push((router) => mountLocalChat(router, inbox, mailbox, rosterLocalPeople(people, units, samples), { now }), mountLocalChatPage)
  }
  const health: HealthSource[] = [
    store,
    { name: 'channels', health: async () => ({ ok: true, on, adminRobots: admins.map((a) => a.platform).filter((p) => p !== 'local') }) },
    { name: 'outbox', health: () => outbox.health() },
    { name: 'calendar', health: () => calendarService.health() },
    { name: 'jobs', health: async () => (jobs ? jobs.health() : { ok: true, on: false }) },
  ]
  const app = createApp({ log, version: VERSION, startedAt, health, routes })

  await inbox.start()
  worker.start()
  calendarService.start()
  jobs?.start()
  conversation.start()
  const prepareStarted = Date.now()
  const prepared = services.progress.prepare(now()).then(
    (contacts) => log.info({ contacts, ms: Date.now() - prepareStarted }, 'duties: contacts of the look-back window read'),
    (error: unknown) => log.warn({ err: error }, 'duties: could not read the contacts window at start; the first progress question will'),
  )
  const server = app.listen(config.http.port, config.http.host)
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.http.port
  const url = `http://localhost:${port}`
  log.info({ port, version: VERSION, store: store.kind, channels: on }, channels.localChat ? `Liaison is running: local chat at ${url}/` : `Liaison is running: ${url}/healthz`)

  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down: finishing requests in flight')
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      mailbox.close()
      conversation.stop()
      calendarService.stop()
      const jobsStopped = jobs?.stop()
      server.closeIdleConnections()
      const timer = setTimeout(() => server.closeAllConnections(), config.http.shutdownTimeoutMs)
      await closed
      clearTimeout(timer)
      // Handlers finish first, so the replies they write reach the outbox before its worker stops.
      await inbox.stop()
      // Jobs stop before the worker too: their last messages are in the outbox when it stops.
      await jobsStopped
      await worker.stop()
      await prepared
      if (!options.store) await store.close()
      log.info('stopped')
    })())
  return { server, store, url, inbox, jobs, services, outbox, stop }
}

/**
 * Who the local chat offers to speak as: everyone on the roster, by the id the local chat
 * recognises them by, then the sample requesters (students and teachers not on the roster).
 */
function rosterLocalPeople(people: People, units: Units, samples: LocalPeopleSource): LocalPeopleSource {
  return async () => {
    const unitNames = new Map((await units.list()).map((u) => [u.id, u.name]))
    const roster = (await people.list()).map((p): LocalPerson => {
      const role = isAdmin(p) ? 'admin' : isLeader(p) || p.roles.includes('secretary') ? 'leader' : p.roles.includes('handler') ? 'office' : 'student'
      const unit = p.unitId ? unitNames.get(p.unitId) : undefined
      return { userId: localUserId(p), name: p.name, role, ...(unit ? { unit } : {}), onRoster: true }
    })
    return [...roster, ...(await samples())]
  }
}

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig(environmentWithDotenv(process.env, '.env'))
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
  const log = createLogger(config.log)
  let running: Awaited<ReturnType<typeof startLiaison>>
  try {
    running = await startLiaison(config, log)
  } catch (error) {
    if (isLiaisonError(error)) log.fatal(error.message)
    else log.fatal({ err: error }, 'Liaison could not start')
    log.flush?.()
    process.exit(1)
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running
        .stop()
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          log.error({ err: error }, 'shutdown failed')
          process.exit(1)
        })
    })
  }
}

// Run only as the program (`npm start`), not when tests import startLiaison.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
