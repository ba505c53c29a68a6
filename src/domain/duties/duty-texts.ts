import type { Messages } from '../../messages.ts'
import type { RuleResult } from './duty-status.ts'
import type { DutyStatus } from './rule.ts'

/** Unmet first, the most urgent first: what a leader should see at the top. */
const URGENCY: Record<DutyStatus, number> = { overdue: 0, at_risk: 1, behind: 2, on_track: 3, done: 4 }

export function byUrgency(results: readonly RuleResult[]): RuleResult[] {
  return [...results].sort((a, b) => URGENCY[a.status] - URGENCY[b.status] || a.id.localeCompare(b.id))
}

/**
 * One duty as a leader reads it, in the words of messages.yaml: its state, what it asks, how far
 * it has got in which period, what is missing, and the policy it comes from.
 */
export function ruleLines(result: RuleResult, messages: Messages): string[] {
  const params = {
    status: messages.text(`DUTY_${result.status.toUpperCase()}`),
    title: result.title,
    count: formatNumber(result.count),
    minimum: formatNumber(result.minimum),
    unit: messages.text(`DUTY_UNIT_${(result.unit ?? result.shape).toUpperCase()}`),
    period: result.periodKind ? messages.text(`PERIOD_${result.periodKind.toUpperCase()}`) : '',
    due: result.due ? messages.monthDay(result.due) : '',
    source: result.source,
  }
  const code =
    result.missingKind === 'records' ? 'DUTY_LINE_RECORDS' : result.shape === 'event' || result.shape === 'deadline' || result.shape === 'assignment' ? `DUTY_LINE_${result.shape.toUpperCase()}` : 'DUTY_LINE'
  const lines = [messages.text(code, params)]
  if (result.missing.length > 0 && result.missingKind) {
    const missing = result.missingKind === 'records' ? result.missing.map((d) => messages.monthDay(d)) : result.missing
    lines.push(messages.text(`DUTY_MISSING_${result.missingKind.toUpperCase()}`, { missing: messages.list(missing) }))
  }
  return lines
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}
