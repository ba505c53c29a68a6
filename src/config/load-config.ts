import path from 'node:path'
import { channelSettingGroups, environmentSchema, settings, type SettingName } from './schema.ts'

export interface StoreConfig {
  /** Set: a real MongoDB. Unset: the embedded store in dataDir. */
  readonly mongodbUri: string | undefined
  readonly dataDir: string
  readonly embeddedPort: number
}

/** The WeCom self-built app (自建应用): one-to-one messages at /wecom/callback, sends through the API. */
export interface WecomAppConfig {
  readonly corpId: string
  readonly token: string
  readonly encodingAesKey: string
  readonly agentId: number
  readonly secret: string
  readonly apiBase: string
}

/** The WeCom AI bot (智能机器人): group chats at /wecom/bot. */
export interface WecomBotConfig {
  readonly token: string
  readonly encodingAesKey: string
  /** The corp the bot belongs to, when the WeCom app is configured too; the AI bot's callbacks do not say. */
  readonly corpId: string
}

/** The DingTalk enterprise internal robot (企业内部机器人) at /dingtalk/robot. */
export interface DingtalkConfig {
  readonly appKey: string
  readonly appSecret: string
  readonly robotCode: string
  readonly apiBase: string
  /** Origin of the legacy API; sessionWebhook URLs must point here. */
  readonly oapiBase: string
}

/** The administrators' group robots (webhooks), for alerts. */
export interface AdminRobotsConfig {
  readonly wecom: { readonly key: string; readonly apiBase: string } | undefined
  readonly dingtalk: { readonly webhook: string; readonly secret: string | undefined } | undefined
}

export interface ChannelsConfig {
  readonly wecom: WecomAppConfig | undefined
  readonly wecomBot: WecomBotConfig | undefined
  readonly dingtalk: DingtalkConfig | undefined
  readonly adminRobots: AdminRobotsConfig
  /** The chat page at / and its API: anyone who reaches it can speak as anyone, so it is off in production by default. */
  readonly localChat: boolean
}

/** How conversations behave over time. */
export interface ConversationConfig {
  /** An unfinished report or opinion is dropped (with a note) after this long without a message. */
  readonly idleMinutes: number
  /** 撤销 takes back a saved record for this long. */
  readonly undoMinutes: number
}

/** The scheduled jobs (nudges, reminders, digests) of conversations/schedules.yaml. */
export interface JobsConfig {
  /** Off: nothing is scheduled, nor caught up at start (`npm run jobs` still works). */
  readonly enabled: boolean
}

export interface Config {
  readonly env: 'development' | 'production' | 'test'
  readonly http: { readonly port: number; readonly host: string; readonly shutdownTimeoutMs: number }
  readonly log: { readonly level: string; readonly format: 'json' | 'pretty' | 'auto' }
  readonly store: StoreConfig
  readonly channels: ChannelsConfig
  readonly conversation: ConversationConfig
  readonly jobs: JobsConfig
  /** The duty rules in force: the profile of conversations/rules (RULES_PROFILE). */
  readonly rulesProfile: string
}

/** A bad setting: the message is one line naming the variable and what it expects. */
export class ConfigError extends Error {
  constructor(readonly variable: string, expected: string) {
    super(`Invalid configuration: ${variable} ${expected}`)
    this.name = 'ConfigError'
  }
}

/**
 * Validates the environment once at start. The environment is an argument so tests pass
 * literals; nothing else in src/ reads process.env.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''))
  const parsed = environmentSchema.safeParse(blanksRemoved)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const variable = String(issue.path[0]) as SettingName
    const setting: { expected: string; secret?: boolean } = settings[variable]
    const got = setting.secret ? 'a value that is not shown' : JSON.stringify(blanksRemoved[variable])
    throw new ConfigError(variable, `must be ${setting.expected} (got ${got})`)
  }
  const e = parsed.data
  for (const group of channelSettingGroups) {
    const present = group.variables.filter((name) => e[name] !== undefined)
    const missing = group.variables.find((name) => e[name] === undefined)
    if (present.length > 0 && missing) {
      throw new ConfigError(missing, `must be set too: the ${group.channel} channel needs all of ${group.variables.join(', ')} or none (${present.join(', ')} set)`)
    }
  }
  if (e.DINGTALK_ROBOT_SECRET !== undefined && e.DINGTALK_ROBOT_WEBHOOK === undefined) {
    throw new ConfigError('DINGTALK_ROBOT_WEBHOOK', 'must be set too: DINGTALK_ROBOT_SECRET signs requests to that webhook')
  }
  return deepFreeze({
    env: e.NODE_ENV,
    http: { port: e.PORT, host: e.HOST, shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    store: { mongodbUri: e.MONGODB_URI, dataDir: path.resolve(cwd, e.DATA_DIR), embeddedPort: e.EMBEDDED_MONGO_PORT },
    channels: {
      wecom: e.WECOM_CORP_ID
        ? {
            corpId: e.WECOM_CORP_ID,
            token: e.WECOM_TOKEN!,
            encodingAesKey: e.WECOM_ENCODING_AES_KEY!,
            agentId: e.WECOM_AGENT_ID!,
            secret: e.WECOM_SECRET!,
            apiBase: e.WECOM_API_BASE,
          }
        : undefined,
      wecomBot: e.WECOM_BOT_TOKEN
        ? { token: e.WECOM_BOT_TOKEN, encodingAesKey: e.WECOM_BOT_ENCODING_AES_KEY!, corpId: e.WECOM_CORP_ID ?? '' }
        : undefined,
      dingtalk: e.DINGTALK_APP_KEY
        ? {
            appKey: e.DINGTALK_APP_KEY,
            appSecret: e.DINGTALK_APP_SECRET!,
            robotCode: e.DINGTALK_ROBOT_CODE!,
            apiBase: e.DINGTALK_API_BASE,
            oapiBase: e.DINGTALK_OAPI_BASE,
          }
        : undefined,
      adminRobots: {
        wecom: e.WECOM_ROBOT_WEBHOOK_KEY ? { key: e.WECOM_ROBOT_WEBHOOK_KEY, apiBase: e.WECOM_API_BASE } : undefined,
        dingtalk: e.DINGTALK_ROBOT_WEBHOOK ? { webhook: e.DINGTALK_ROBOT_WEBHOOK, secret: e.DINGTALK_ROBOT_SECRET } : undefined,
      },
      localChat: (e.LOCAL_CHAT ?? (e.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
    },
    conversation: { idleMinutes: e.SESSION_IDLE_MINUTES, undoMinutes: e.UNDO_MINUTES },
    jobs: { enabled: e.JOBS === 'on' },
    rulesProfile: e.RULES_PROFILE,
  })
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
