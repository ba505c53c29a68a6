import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/** A profile is a file of conversations/rules; target-kinds.yaml there is shared by all of them. */
const RULES_DIR = new URL('../../conversations/rules/', import.meta.url)
const isRulesProfile = (name: string) => name !== 'target-kinds' && existsSync(fileURLToPath(new URL(`${name}.yaml`, RULES_DIR)))

/**
 * One entry per environment variable: its zod type and the words a start-up error uses for
 * what it expects. `secret` values are never echoed back in errors or logs.
 */
interface Setting {
  readonly type: z.ZodType
  readonly expected: string
  readonly secret?: boolean
}

const port = z.coerce.number().int().min(0).max(65535)
const aesKey = z.string().regex(/^[A-Za-z0-9]{43}$/)
/** A base URL without its trailing slash, so paths can be appended. */
const httpBase = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''))

export const settings = {
  NODE_ENV: { type: z.enum(['development', 'production', 'test']).default('development'), expected: 'development, production or test' },
  PORT: { type: port.default(3000), expected: 'a TCP port number from 0 to 65535' },
  HOST: { type: z.string().trim().min(1).default('0.0.0.0'), expected: 'an interface address such as 0.0.0.0 or 127.0.0.1' },
  LOG_LEVEL: {
    type: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
  },
  LOG_FORMAT: { type: z.enum(['json', 'pretty', 'auto']).default('auto'), expected: 'json, pretty or auto' },
  MONGODB_URI: {
    type: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/).optional(),
    expected: 'a mongodb:// or mongodb+srv:// connection string',
    secret: true,
  },
  DATA_DIR: { type: z.string().trim().min(1).default('./data'), expected: 'a directory path' },
  EMBEDDED_MONGO_PORT: { type: port.default(0), expected: 'a TCP port number from 0 to 65535 (0 picks a free port)' },
  SHUTDOWN_TIMEOUT_MS: {
    type: z.coerce.number().int().min(100).max(120_000).default(10_000),
    expected: 'milliseconds from 100 to 120000',
  },
  SESSION_IDLE_MINUTES: { type: z.coerce.number().int().min(1).max(1440).default(30), expected: 'minutes from 1 to 1440' },
  UNDO_MINUTES: { type: z.coerce.number().int().min(1).max(1440).default(10), expected: 'minutes from 1 to 1440' },
  LOCAL_CHAT: { type: z.enum(['on', 'off']).optional(), expected: 'on or off (default: on, off when NODE_ENV=production)' },
  JOBS: { type: z.enum(['on', 'off']).default('on'), expected: 'on or off' },
  RULES_PROFILE: {
    type: z.string().regex(/^[a-z][a-z0-9-]*$/).refine(isRulesProfile).default('default'),
    expected: 'the name of a rule profile of conversations/rules (default, suda, fjhc, hpu, njtech)',
  },

  WECOM_CORP_ID: { type: z.string().regex(/^\w{1,64}$/).optional(), expected: 'the CorpID from the WeCom admin console (letters and digits)' },
  WECOM_TOKEN: { type: z.string().regex(/^[A-Za-z0-9]{1,32}$/).optional(), expected: 'the callback Token (1 to 32 letters or digits)', secret: true },
  WECOM_ENCODING_AES_KEY: { type: aesKey.optional(), expected: 'the callback EncodingAESKey (exactly 43 letters or digits)', secret: true },
  WECOM_AGENT_ID: { type: z.coerce.number().int().positive().optional(), expected: 'the app AgentId (a positive integer)' },
  WECOM_SECRET: { type: z.string().trim().min(1).optional(), expected: 'the app Secret', secret: true },
  WECOM_API_BASE: { type: httpBase.default('https://qyapi.weixin.qq.com'), expected: 'an http(s) URL such as https://qyapi.weixin.qq.com' },
  WECOM_ROBOT_WEBHOOK_KEY: { type: z.string().regex(/^[\w-]{1,128}$/).optional(), expected: 'the key of the group robot webhook URL', secret: true },
  WECOM_BOT_TOKEN: { type: z.string().regex(/^[A-Za-z0-9]{1,32}$/).optional(), expected: 'the AI bot Token (1 to 32 letters or digits)', secret: true },
  WECOM_BOT_ENCODING_AES_KEY: { type: aesKey.optional(), expected: 'the AI bot EncodingAESKey (exactly 43 letters or digits)', secret: true },

  DINGTALK_APP_KEY: { type: z.string().regex(/^\w{1,64}$/).optional(), expected: 'the robot app AppKey (Client ID)' },
  DINGTALK_APP_SECRET: { type: z.string().trim().min(1).optional(), expected: 'the robot app AppSecret (Client Secret)', secret: true },
  DINGTALK_ROBOT_CODE: { type: z.string().regex(/^\w{1,64}$/).optional(), expected: 'the robot code (RobotCode, usually equal to the AppKey)' },
  DINGTALK_API_BASE: { type: httpBase.default('https://api.dingtalk.com'), expected: 'an http(s) URL such as https://api.dingtalk.com' },
  DINGTALK_OAPI_BASE: { type: httpBase.default('https://oapi.dingtalk.com'), expected: 'an http(s) URL such as https://oapi.dingtalk.com' },
  DINGTALK_ROBOT_WEBHOOK: { type: z.url({ protocol: /^https?$/ }).optional(), expected: 'the custom group robot webhook URL (https://oapi.dingtalk.com/robot/send?access_token=…)', secret: true },
  DINGTALK_ROBOT_SECRET: { type: z.string().regex(/^\S{1,128}$/).optional(), expected: 'the custom group robot signing secret (SEC…)', secret: true },
} satisfies Record<string, Setting>

/**
 * Channels are on only with all of their settings, or off with none: a partial set is a start-up
 * error naming what is missing, never a channel that half works.
 */
export const channelSettingGroups = [
  { channel: 'WeCom app', variables: ['WECOM_CORP_ID', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY', 'WECOM_AGENT_ID', 'WECOM_SECRET'] },
  { channel: 'WeCom AI bot', variables: ['WECOM_BOT_TOKEN', 'WECOM_BOT_ENCODING_AES_KEY'] },
  { channel: 'DingTalk robot', variables: ['DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET', 'DINGTALK_ROBOT_CODE'] },
] as const satisfies ReadonlyArray<{ channel: string; variables: readonly SettingName[] }>

export type SettingName = keyof typeof settings
export type Environment = { [K in SettingName]: z.infer<(typeof settings)[K]['type']> }

export const environmentSchema = z.object(
  Object.fromEntries(Object.entries(settings).map(([name, s]) => [name, s.type])) as {
    [K in SettingName]: (typeof settings)[K]['type']
  },
)
