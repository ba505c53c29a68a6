import { ownCategory } from './categories.ts'
import { categorizeOpinion } from './read-fragment.ts'
import { normalizeText } from './normalize-text.ts'
import type { Understanding } from './understanding.ts'

export interface OpinionTicket {
  /** The message as written from the ticket's first point to its last. */
  readonly content: string
  readonly category: string
}

/** Spaces a voice input leaves between words of Chinese: not part of what was said. */
const SPOKEN_SPACE = /(?<=\p{Script=Han}) +(?=\p{Script=Han})/gu

/**
 * The tickets the points of one submission make, one per problem for one office. A point goes
 * with the one before it (希望降价 after 食堂饭菜太贵了, 经常断 after 宿舍热水不稳定) unless a word
 * between them opens another point (还有, 另外, 二是, 2.) or it names a topic of its own that goes
 * elsewhere. `first` is the first point's category when the caller has it (decided with the whole
 * message); points not found in the text as written each make a ticket of their own.
 */
export function opinionTickets(text: string, points: readonly string[], understanding: Understanding, first?: string): OpinionTicket[] {
  // `named`: the category came from the ticket's own words, not from `first` or the fallback.
  const tickets: Array<{ start: number; end: number; category: string; named: boolean; loose?: string }> = []
  let from = 0
  for (const [i, point] of points.entries()) {
    const start = text.indexOf(point, from)
    const own = ownCategory(normalizeText(point), understanding.categories)
    if (start < 0) {
      tickets.push({ start: -1, end: -1, category: i === 0 && first ? first : (own ?? categorizeOpinion(point, understanding)), named: true, loose: point })
      continue
    }
    const end = start + point.length
    const current = tickets[tickets.length - 1]
    const between = current && current.loose === undefined ? text.slice(current.end, start) : ''
    if (current && current.loose === undefined && !understanding.opinions.ticketBreak.test(between) && (own === null || own === current.category || !current.named)) {
      // A ticket that named no topic yet (这个问题很严重，宿舍没网) takes the first one named.
      if (own !== null && !current.named) Object.assign(current, { category: own, named: true })
      current.end = end
    } else {
      const category = i === 0 && first ? first : (own ?? current?.category ?? categorizeOpinion(point, understanding))
      tickets.push({ start, end, category, named: own !== null })
    }
    from = end
  }
  return tickets.map((t) => ({ content: (t.loose ?? text.slice(t.start, t.end)).replace(SPOKEN_SPACE, '').trim(), category: t.category }))
}
