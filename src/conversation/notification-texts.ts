import type { OutboundMessage } from '../channels/message.ts'
import type { ContactTexts } from '../domain/contacts/contact-service.ts'
import type { OpinionTexts } from '../domain/opinions/opinion-service.ts'
import { canReopen, isWithdrawn, RATINGS, ratingComment, type Opinion } from '../domain/opinions/opinion.ts'
import type { Speaker } from '../domain/people/person.ts'
import { canFollowOpinion, canViewRequester } from '../domain/permissions.ts'
import type { Units } from '../store/units.ts'
import type { Messages } from '../messages.ts'

const text = (t: string): OutboundMessage => ({ kind: 'text', text: t })

/** What the opinion service tells offices, requesters and leaders, in the words of messages.yaml. */
export function opinionTexts(messages: Messages, unitName: (id: string) => Promise<string>): OpinionTexts {
  return {
    assigned: (o, requester) =>
      card(messages.text('OPINION_ASSIGNED_TITLE', { ticketNo: o.ticketNo }), messages.text('OPINION_ASSIGNED', {
        ticketNo: o.ticketNo,
        category: o.category,
        content: o.content,
        from: requester ?? messages.text(o.anonymous ? 'ANONYMOUS' : 'FROM_CONTACT'),
        due: messages.monthDay(o.dueDate),
      }), [messages.text('BUTTON_ACCEPT'), messages.text('BUTTON_ACCEPT_VALUE', { ticketNo: o.ticketNo })]),
    transferred: (o, from, reason) =>
      card(messages.text('OPINION_TRANSFERRED_TITLE', { ticketNo: o.ticketNo }), messages.text('OPINION_TRANSFERRED_TO_YOU', { ticketNo: o.ticketNo, from, reason, content: o.content, due: messages.monthDay(o.dueDate) }), [
        messages.text('BUTTON_ACCEPT'),
        messages.text('BUTTON_ACCEPT_VALUE', { ticketNo: o.ticketNo }),
      ]),
    acceptedToRequester: async (o) => text(messages.text('OPINION_ACCEPTED_REQUESTER', { ticketNo: o.ticketNo, unit: await unitName(o.handlerUnitId), due: messages.monthDay(o.dueDate) })),
    answeredToRequester: async (o) => ({
      kind: 'card',
      title: messages.text('OPINION_ANSWERED_TITLE', { ticketNo: o.ticketNo }),
      // After the one reopening the card must not promise another.
      text: messages.text(canReopen(o) ? 'OPINION_ANSWERED_REQUESTER' : 'OPINION_ANSWERED_REQUESTER_FINAL', { ticketNo: o.ticketNo, unit: await unitName(o.handlerUnitId), resolution: o.resolution?.text ?? '' }),
      buttons: RATINGS.map((rating) => ({ label: rating, value: messages.text('BUTTON_RATE_VALUE', { rating, ticketNo: o.ticketNo }) })),
    }),
    answeredToLeader: async (o) => text(messages.text('OPINION_ANSWERED_LEADER', { ticketNo: o.ticketNo, content: o.content, unit: await unitName(o.handlerUnitId), resolution: o.resolution?.text ?? '' })),
    reopened: (o, comment) => text(messages.text(comment ? 'OPINION_REOPENED_COMMENT' : 'OPINION_REOPENED', { ticketNo: o.ticketNo, content: o.content, comment })),
    withdrawn: (o) => text(messages.text('OPINION_WITHDRAWN', { ticketNo: o.ticketNo, content: o.content })),
    transferEnded: (o, unit) => text(messages.text('OPINION_TRANSFER_ENDED', { ticketNo: o.ticketNo, unit })),
    transferWithdrawn: (o, unit, to) => text(messages.text('OPINION_TRANSFER_WITHDRAWN', { ticketNo: o.ticketNo, unit, to })),
    transferAccepted: (o, unit) => text(messages.text('OPINION_TRANSFER_ACCEPTED', { ticketNo: o.ticketNo, unit })),
    noHandler: (o, unit) => text(messages.text('OPINION_NO_HANDLER', { ticketNo: o.ticketNo, unit })),
  }
}

export function contactTexts(messages: Messages): ContactTexts {
  return {
    confirmEntry: (contact, secretary) => ({
      kind: 'card',
      title: messages.text('ENTRY_CONFIRM_TITLE', { by: secretary.name }),
      text: messages.text('ENTRY_CONFIRM_TEXT', {
        date: contact.date ?? '',
        place: contact.place ?? messages.text('NONE'),
        targets: messages.list(contact.targets),
        kinds: messages.list(contact.kinds),
        opinions: contact.opinions.length > 0 ? contact.opinions.map((o, i) => `${i + 1}. ${o}`).join('；') : messages.text('ENTRY_NO_OPINIONS'),
      }),
      buttons: [
        { label: messages.text('BUTTON_CONFIRM'), value: messages.text('BUTTON_CONFIRM_ENTRY_VALUE', { id: contact.id }) },
        { label: messages.text('BUTTON_WRONG'), value: messages.text('BUTTON_WRONG_ENTRY_VALUE', { id: contact.id }) },
      ],
    }),
    entryAnswered: (contact, leader, confirmed) =>
      text(messages.text(confirmed ? 'ENTRY_CONFIRMED_SECRETARY' : 'ENTRY_REJECTED_SECRETARY', { leader: leader.name, date: contact.date ?? '', targets: messages.list(contact.targets) })),
    entryWithdrawn: (contact, secretary) => text(messages.text('ENTRY_WITHDRAWN_LEADER', { by: secretary.name, date: contact.date ?? '', targets: messages.list(contact.targets) })),
  }
}

/** One opinion as its viewer may see it: the requester's name only where permitted. */
export async function describeOpinion(opinion: Opinion, viewer: Speaker, units: Units, messages: Messages): Promise<string> {
  const unit = (await units.findById(opinion.handlerUnitId))?.name ?? ''
  const status = statusText(opinion, messages)
  const lines = [
    messages.text('OPINION_LINE', { ticketNo: opinion.ticketNo, content: opinion.content }),
    // The due date is for answering: an answered or closed opinion has none left.
    opinion.status === 'answered' || opinion.status === 'closed'
      ? messages.text('OPINION_STATUS_ENDED', { status, unit })
      : messages.text('OPINION_STATUS', { status, unit, due: messages.monthDay(opinion.dueDate) }),
  ]
  if (opinion.requester && canViewRequester(viewer, opinion)) {
    // The requester sees their own name on an anonymous opinion: say that the office does not.
    const own = opinion.anonymous && canFollowOpinion(viewer, opinion)
    lines.push(messages.text(own ? 'OPINION_FROM_SELF_ANONYMOUS' : 'OPINION_FROM', { name: opinion.requester.name }))
  }
  if (opinion.resolution) lines.push(messages.text('OPINION_RESOLUTION', { resolution: opinion.resolution.text }))
  if (opinion.rating) {
    const comment = ratingComment(opinion)
    lines.push(comment ? messages.text('OPINION_RATING_COMMENT', { rating: opinion.rating, comment }) : messages.text('OPINION_RATING', { rating: opinion.rating }))
  }
  return lines.join('\n')
}

/** 已撤回 for a withdrawn opinion (stored closed), else the status's own word. */
export function statusText(opinion: Opinion, messages: Messages): string {
  return messages.text(isWithdrawn(opinion) ? 'STATUS_WITHDRAWN' : `STATUS_${opinion.status.toUpperCase()}`)
}

function card(title: string, body: string, [label, value]: [string, string]): OutboundMessage {
  return { kind: 'card', title, text: body, buttons: [{ label, value }] }
}
