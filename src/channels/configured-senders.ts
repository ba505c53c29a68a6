import type { ChannelsConfig } from '../config/load-config.ts'
import { DingtalkSender } from './dingtalk/send.ts'
import type { LocalMailbox } from './local/mailbox.ts'
import { LocalSender } from './local/send.ts'
import type { Platform, Recipient } from './message.ts'
import type { ChannelSender } from './sender.ts'
import { WecomSender } from './wecom/send.ts'

/** A person is reached on the first of these platforms where they have an id. */
const PLATFORM_PREFERENCE: readonly Platform[] = ['wecom', 'dingtalk', 'local']

/**
 * The senders of the channels that are on, by platform in order of preference: the same for the
 * bot and for the tools that enqueue (`npm run jobs`), whose messages the bot's worker sends.
 */
export function configuredSenders(channels: ChannelsConfig, mailbox: LocalMailbox, options: { readonly now?: () => Date; readonly timeoutMs?: number } = {}): Map<Platform, ChannelSender> {
  const senders = new Map<Platform, ChannelSender>()
  if (channels.wecom || channels.wecomBot || channels.adminRobots.wecom) senders.set('wecom', new WecomSender(channels.wecom, channels.adminRobots.wecom, options))
  if (channels.dingtalk || channels.adminRobots.dingtalk) senders.set('dingtalk', new DingtalkSender(channels.dingtalk, channels.adminRobots.dingtalk, options))
  if (channels.localChat) senders.set('local', new LocalSender(mailbox))
  return new Map([...senders.entries()].sort((a, b) => PLATFORM_PREFERENCE.indexOf(a[0]) - PLATFORM_PREFERENCE.indexOf(b[0])))
}

/** The administrators' groups: the group robots configured, and the pretend group of the local chat. */
export function adminGroups(channels: ChannelsConfig): Array<Extract<Recipient, { kind: 'admins' }>> {
  const admins: Array<Extract<Recipient, { kind: 'admins' }>> = []
  if (channels.adminRobots.wecom) admins.push({ kind: 'admins', platform: 'wecom' })
  if (channels.adminRobots.dingtalk) admins.push({ kind: 'admins', platform: 'dingtalk' })
  if (channels.localChat) admins.push({ kind: 'admins', platform: 'local' })
  return admins
}
