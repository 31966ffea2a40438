import t from 'tap'
import { checkTransition, TRANSITIONS, type FlagStatus, type TransitionTarget } from '../../src/domain/register.js'

const STATUSES: FlagStatus[] = ['open', 'under_review', 'escalated', 'resolved', 'dismissed']
const TARGETS: TransitionTarget[] = ['under_review', 'escalated', 'resolved', 'dismissed']
const ALLOWED = new Set(['open>under_review', 'under_review>escalated', 'under_review>resolved', 'under_review>dismissed', 'escalated>resolved', 'escalated>dismissed'])

t.test('every allowed and forbidden transition', async (t) => {
  for (const from of STATUSES) for (const to of TARGETS) {
    const r = checkTransition(from, to, 'because')
    t.equal(r.ok, ALLOWED.has(`${from}>${to}`), `${from} → ${to}`)
  }
  t.same(Object.values(TRANSITIONS).flat().length, ALLOWED.size)
})

t.test('closing needs a rationale; reviewing does not', async (t) => {
  t.match(checkTransition('under_review', 'resolved', ''), { ok: false, reason: 'rationale' })
  t.match(checkTransition('escalated', 'dismissed', '  '), { ok: false, reason: 'rationale' })
  t.match(checkTransition('open', 'under_review', undefined), { ok: true })
  t.match(checkTransition('resolved', 'under_review', 'x'), { ok: false, reason: 'forbidden', detail: /closed/ })
})
