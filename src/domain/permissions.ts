/**
 * Who may do what: the one place the rules live. Pure functions of the speaker and the few
 * fields of a resource they need, so the opinion and contact modules pass their own documents
 * and tests need no store.
 *
 *   requester (not on the roster)  submits opinions, follows their own, nothing else
 *   handler (办理人)               the opinions of the units they handle
 *   leader                         their own contacts and the opinions raised in them
 *   secretary (秘书)               what their leaders may, and their leaders' progress
 *   admin (管理员)                 everything; an anonymous requester's identity only with a recorded reason
 */
import { isAdmin, type Person, type Speaker } from './people/person.ts'

/** A platform user: how a requester is known, and how an opinion records who sent it. */
export interface UserRef {
  readonly platform: string
  readonly userId: string
}

/** The fields of an opinion that decide who may see and handle it. */
export interface OpinionAccess {
  /** Who sent it, when they wrote to Liaison themselves. */
  readonly requester?: UserRef
  readonly anonymous: boolean
  /** The unit working on it now. */
  readonly handlerUnitId: string
  /** 首问负责制: the unit that stays responsible until another accepts a transfer. */
  readonly responsibleUnitId: string
  /** The leader whose contact raised it. */
  readonly leaderId?: string
}

/** The field of a contact that decides who may see and change it. */
export interface ContactAccess {
  readonly leaderId: string
}

/**
 * The opinions a speaker may see, as data a store turns into a query for lists; an opinion is
 * visible if it matches any of the parts.
 */
export type OpinionScope =
  | { readonly all: true }
  | {
      readonly all: false
      /** Opinions these users sent. */
      readonly requesters: readonly UserRef[]
      /** Opinions handled by, or the responsibility of, these units. */
      readonly unitIds: readonly string[]
      /** Opinions raised in these leaders' contacts. */
      readonly leaderIds: readonly string[]
    }

/** The contacts a speaker may see: all, or those of these leaders. */
export type ContactScope = { readonly all: true } | { readonly all: false; readonly leaderIds: readonly string[] }

export function opinionScope(speaker: Speaker): OpinionScope {
  const person = personOf(speaker)
  if (person && isAdmin(person)) return { all: true }
  return {
    all: false,
    requesters: userRefsOf(speaker),
    unitIds: person?.roles.includes('handler') ? person.handlerOf : [],
    leaderIds: person ? [person.id, ...person.secretaryOf] : [],
  }
}

export function inOpinionScope(scope: OpinionScope, opinion: OpinionAccess): boolean {
  if (scope.all) return true
  const { requester, leaderId } = opinion
  return (
    (requester !== undefined && scope.requesters.some((r) => r.platform === requester.platform && r.userId === requester.userId)) ||
    scope.unitIds.includes(opinion.handlerUnitId) ||
    scope.unitIds.includes(opinion.responsibleUnitId) ||
    (leaderId !== undefined && scope.leaderIds.includes(leaderId))
  )
}

export function canViewOpinion(speaker: Speaker, opinion: OpinionAccess): boolean {
  return inOpinionScope(opinionScope(speaker), opinion)
}

/** Rate, add to, reopen or withdraw an opinion: only whoever sent it. */
export function canFollowOpinion(speaker: Speaker, opinion: OpinionAccess): boolean {
  return sentBy(speaker, opinion)
}

/** Whether it was raised in the speaker's own contact, or as their secretary, in their leader's. */
export function raisedInOwnContact(speaker: Speaker, opinion: OpinionAccess): boolean {
  const person = personOf(speaker)
  return person !== undefined && opinion.leaderId !== undefined && [person.id, ...person.secretaryOf].includes(opinion.leaderId)
}

/**
 * Who sent an opinion, for those who may see it. An anonymous sender stays hidden from
 * everyone but themselves and an admin who gives a reason (which the caller records).
 */
export function canViewRequester(speaker: Speaker, opinion: OpinionAccess, reason?: string): boolean {
  if (!canViewOpinion(speaker, opinion)) return false
  if (!opinion.anonymous || sentBy(speaker, opinion)) return true
  const person = personOf(speaker)
  return person !== undefined && isAdmin(person) && (reason ?? '').trim() !== ''
}

/** Accept, transfer, answer: the handlers of its current or responsible unit, and admins. */
export function canHandleOpinion(speaker: Speaker, opinion: OpinionAccess): boolean {
  const person = personOf(speaker)
  if (!person) return false
  if (isAdmin(person)) return true
  return person.roles.includes('handler') && (person.handlerOf.includes(opinion.handlerUnitId) || person.handlerOf.includes(opinion.responsibleUnitId))
}

export function contactScope(speaker: Speaker): ContactScope {
  const person = personOf(speaker)
  if (!person) return { all: false, leaderIds: [] }
  if (isAdmin(person)) return { all: true }
  return { all: false, leaderIds: [person.id, ...person.secretaryOf] }
}

export function canViewContact(speaker: Speaker, contact: ContactAccess): boolean {
  const scope = contactScope(speaker)
  return scope.all || scope.leaderIds.includes(contact.leaderId)
}

/** Record, change or withdraw a leader's contact: the leader, their secretary, admins. */
export function canEditContact(speaker: Speaker, contact: ContactAccess): boolean {
  return canViewContact(speaker, contact)
}

/** A person's progress on their duties: themselves, their secretary, admins. */
export function canViewProgress(speaker: Speaker, personId: string): boolean {
  const person = personOf(speaker)
  return person !== undefined && (person.id === personId || isAdmin(person) || person.secretaryOf.includes(personId))
}

/** Rules, digests, roster and other admin commands. */
export function canUseAdminCommands(speaker: Speaker): boolean {
  const person = personOf(speaker)
  return person !== undefined && isAdmin(person)
}

function personOf(speaker: Speaker): Person | undefined {
  return speaker.kind === 'person' ? speaker.person : undefined
}

function sentBy(speaker: Speaker, opinion: OpinionAccess): boolean {
  const { requester } = opinion
  return requester !== undefined && userRefsOf(speaker).some((r) => r.platform === requester.platform && r.userId === requester.userId)
}

/** Every platform user a speaker may have written as; in the local chat a person can use any of their ids. */
function userRefsOf(speaker: Speaker): UserRef[] {
  if (speaker.kind === 'requester') return [{ platform: speaker.platform, userId: speaker.userId }]
  const { person } = speaker
  const ids = [person.wecomId, person.dingtalkId, person.id].filter((id): id is string => id !== undefined)
  return [
    ...(person.wecomId ? [{ platform: 'wecom', userId: person.wecomId }] : []),
    ...(person.dingtalkId ? [{ platform: 'dingtalk', userId: person.dingtalkId }] : []),
    ...ids.map((userId) => ({ platform: 'local', userId })),
  ]
}
