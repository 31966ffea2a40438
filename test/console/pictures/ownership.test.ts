import t from 'tap'
import { interestLabel, ownershipDiagram } from '../../../src/console/pictures/ownership.js'
import { resolveOwnership } from '../../../src/domain/ownership/resolve.js'
import { ownershipView } from '../../../src/views/ownership.js'
import type { OwnershipGraph } from '../../../src/domain/ownership/types.js'
import { MARKUP_NAME, sampleGraph } from '../../../scripts/picture-samples.js'

const view = (g: OwnershipGraph) => ownershipView(g, resolveOwnership(g), '2026-03-31')

/** Where the diagram put the box whose first line reads `name` (its name's baseline). */
const yOf = (svg: string, name: string) => Number(new RegExp(`<text x="[\\d.]+" y="([\\d.]+)"[^>]*>${name}</text>`).exec(svg)?.[1])

t.test('the chain from the reporting entity up to its controllers, owners above what they own', async (t) => {
  const { svg } = ownershipDiagram(view(sampleGraph), { id: 'own' })
  t.match(svg, /role="img" aria-labelledby="own-title own-desc"/)
  t.match(svg, /<title id="own-title">Who owns Brightwater Care Homes Ltd<\/title>/)
  const order = ['Harbour Capital Partners LLP', 'Harbour Capital Fund IV LP', 'Brightwater Topco Ltd', 'Brightwater Care Homes Ltd'].map((n) => yOf(svg, n))
  t.ok(order.every((y) => Number.isFinite(y)), 'every box is drawn')
  t.same([...order].sort((a, b) => a - b), order, 'manager above fund above topco above the reporting entity')
  t.equal(svg.match(/marker-end="url\(#own-arrow\)"/g)?.length, 5, 'an arrow per interest')
  for (const label of ['100.0%', '82.0% (votes 90.0%)', '18.0% (votes 10.0%)', 'control']) t.ok(svg.includes(`>${label}</text>`), `the arrow says ${label}`)
})

t.test('private equity and offshore are marked by shape or pattern and in words; the reporting entity and controllers by their borders', async (t) => {
  const { svg } = ownershipDiagram(view(sampleGraph), { id: 'own' })
  t.equal(svg.match(/<polygon points=/g)?.length, 2, 'the fund and its manager are cut-corner boxes; companies and people are rectangles')
  t.ok(svg.includes('>Private equity fund · Guernsey</text>') && svg.includes('>Fund manager · United Kingdom</text>'))
  t.equal(svg.match(/fill="url\(#own-offshore\)"/g)?.length, 2, 'the Guernsey fund and the Jersey topco carry the hatched strip')
  t.ok(svg.includes('>Effective 100.0% · Offshore</text>') && svg.includes('>Ultimate controller, 82.0% · Offshore</text>'), 'and say Offshore')
  t.ok(svg.includes('>Ultimate controller, by control</text>'), 'a general partner controls with no shares')
  t.ok(svg.includes('>Reporting entity</text>'))
  t.equal(svg.match(/stroke-width="4"/g)?.length, 1, 'one heavy border: the reporting entity')
})

t.test('names are text: a name carrying markup is escaped in the diagram and kept whole in the tables', async (t) => {
  const { svg, summary, tables } = ownershipDiagram(view(sampleGraph), { id: 'own', groupName: 'Brightwater <b>Care</b>' })
  t.notOk(svg.includes('<script>'), 'no markup from a name')
  t.ok(svg.includes('&lt;script&gt;alert(&quot;owned&quot;)&lt;/scr…'), 'the name, cut to fit its box, as text')
  t.ok(svg.includes('Who owns Brightwater &lt;b&gt;Care&lt;/b&gt;'))
  t.match(summary, /^Who owns Brightwater <b>Care<\/b>: 6 entities and 5 interests, resolved to 100\.0%\. Ultimate controllers: Harbour Capital Fund IV LP \(Private equity fund, Guernsey, offshore\) 82\.0%, in control; Harbour Capital Partners LLP \(Fund manager, United Kingdom\) 0\.0%, in control\. Private-equity backed: yes\. Offshore: yes\.$/)
  t.same(tables[0].rows.map((r) => r.map((c) => c.text)), [
    ['Harbour Capital Fund IV LP', 'Private equity fund', 'Guernsey (offshore)', '82.0%', 'Yes', `Harbour Capital Fund IV LP → Brightwater Topco Ltd → ${MARKUP_NAME} → Brightwater Care Homes Ltd`],
    ['Harbour Capital Partners LLP', 'Fund manager', 'United Kingdom', '0.0%', 'Yes', `Harbour Capital Partners LLP → Harbour Capital Fund IV LP → Brightwater Topco Ltd → ${MARKUP_NAME} → Brightwater Care Homes Ltd`],
  ])
  t.equal(tables[1].rows.length, 5)
  t.same(tables[1].rows[1].map((c) => c.text), ['Brightwater Topco Ltd', MARKUP_NAME, '100.0%'])
})

t.test('an interest in words', async (t) => {
  t.equal(interestLabel({ owner: 'a', owned: 'b', sharesPct: 60 }), '60.0%')
  t.equal(interestLabel({ owner: 'a', owned: 'b', sharesPct: 60, votingPct: 60, control: true }), '60.0%, control')
  t.equal(interestLabel({ owner: 'a', owned: 'b', votingPct: 51 }), 'votes 51.0%')
  t.equal(interestLabel({ owner: 'a', owned: 'b', sharesPct: 30, indirect: true }), 'indirect 30.0%')
  t.equal(interestLabel({ owner: 'a', owned: 'b' }), 'share not stated')
})

t.test('a large group is drawn through its controllers\' chains; the tables keep every entity', async (t) => {
  const entities: OwnershipGraph['entities'] = [{ ref: 'r', name: 'Reporting Ltd', kind: 'company', jurisdiction: 'GB' }, { ref: 'top', name: 'Top Ltd', kind: 'company', jurisdiction: 'GB' }]
  const interests: OwnershipGraph['interests'] = [{ owner: 'top', owned: 'r', sharesPct: 60 }]
  for (let i = 0; i < 80; i++) {
    entities.push({ ref: `m${i}`, name: `Minority ${i}`, kind: 'person', jurisdiction: 'GB' })
    interests.push({ owner: `m${i}`, owned: 'r', sharesPct: 0.5 })
  }
  const { svg, summary, tables } = ownershipDiagram(view({ reportingEntity: 'r', entities, interests }), { id: 'big' })
  t.ok(svg.includes('>Top Ltd</text>') && svg.includes('>Reporting Ltd</text>'))
  t.notOk(svg.includes('>Minority 0</text>'), 'holders off the chains are left out of the picture')
  t.match(summary, /The diagram shows the 2 entities on the controllers’ chains of the 82 filed\./)
  t.equal(tables[1].rows.length, 81, 'every interest is in the table')
})
