import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { readIxbrl, readIxbrlInTurns } from '../../../src/domain/ixbrl/read.js'
import { IxbrlError } from '../../../src/domain/ixbrl/ixbrl.errors.js'
import type { IxbrlDocument, NumericFact } from '../../../src/domain/ixbrl/document.js'
import { composeIxbrl } from '../../fixtures/ixbrl/compose.js'
import { largeIxbrlDocument } from '../../fixtures/ixbrl/generate.js'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ixbrl/${name}`, import.meta.url), 'utf8')
const byId = (doc: IxbrlDocument, id: string) => {
  const fact = doc.numericFacts.find(f => f.id === id)
  if (!fact) throw new Error(`no fact ${id}`)
  return fact
}
const textById = (doc: IxbrlDocument, id: string) => doc.textFacts.find(f => f.id === id)?.value
const FRC_CORE = 'http://xbrl.frc.org.uk/fr/2023-01-01/core'

/** The IxbrlError a document raises, for the assertions; fails the test when it reads. */
const refusal = (t: Test, doc: string) => {
  try {
    readIxbrl(doc)
  } catch (err) {
    t.type(err, IxbrlError)
    return err as IxbrlError
  }
  t.fail('the document was read')
  return new IxbrlError('')
}

t.test('every number format reads to its XBRL value, whichever registry names it', async t => {
  const doc = readIxbrl(fixture('transforms.xhtml'))
  const cases: [string, number | null, string][] = [
    ['f-dot4', 1234567.89, 'registry 4 num-dot-decimal, pounds and pence'],
    ['f-dot5', 12345, 'registry 5 num-dot-decimal, non-breaking space between thousands'],
    ['f-dot2', 2_500_000, 'registry 2 numdotdecimal at scale 3'],
    ['f-dot3', 1_500_000, 'registry 3 numdotdecimal at scale 6'],
    ['f-comma4', 1234567.89, 'registry 4 num-comma-decimal'],
    ['f-comma2', 3000.5, 'registry 2 numcommadecimal'],
    ['f-zerodash', 0, 'zerodash: an en dash is zero'],
    ['f-fixed-zero', 0, 'fixed-zero: zero whatever is shown'],
    ['f-nocontent', null, 'nocontent: a number with no value'],
    ['f-commadot1', 7654.3, 'registry 1 numcommadot'],
    ['f-numdash1', 0, 'registry 1 numdash'],
    ['f-plain', 0.1, 'no format: the text is already a decimal'],
    ['f-hidden', 57, 'a hidden fact'],
  ]
  for (const [id, value, why] of cases) t.equal(byId(doc, id).value, value, why)
  t.same(byId(doc, 'f-dot2').format, { namespace: 'http://www.xbrl.org/inlineXBRL/transformation/2011-07-31', local: 'numdotdecimal' })
})

t.test('sign, scale and decimals', async t => {
  const doc = readIxbrl(fixture('transforms.xhtml'))
  t.match(byId(doc, 'f-sign'), { value: -4321, negated: true, displayed: '4,321' }, 'sign="-" makes the value negative; the page shows brackets')
  t.match(byId(doc, 'f-sign-scale'), { value: -2_450_000, scale: 3, decimals: -3 }, 'sign and thousands together')
  t.match(byId(doc, 'f-pence'), { value: 123.45, scale: -2, decimals: 2 }, 'a negative scale reads pence as pounds')
  t.equal(byId(doc, 'f-plain').decimals, 'INF')
  t.equal(byId(doc, 'f-dot4').decimals, 2)
  t.equal(byId(doc, 'f-nocontent').decimals, 0)
})

t.test('the content of a fact is its text, across nested elements', async t => {
  const doc = readIxbrl(fixture('transforms.xhtml'))
  t.match(byId(doc, 'f-nested'), { value: 98765, displayed: '98,765' }, '<span>98</span>,<span><b>765</b></span>')
})

t.test('nil and hidden facts', async t => {
  const doc = readIxbrl(fixture('transforms.xhtml'))
  t.match(byId(doc, 'f-nil'), { nil: true, value: null, displayed: '' })
  t.equal(byId(doc, 'f-hidden').hidden, true, 'inside ix:hidden')
  t.equal(byId(doc, 'f-dot4').hidden, false)
  t.equal(doc.textFacts.find(f => f.id === 't-number')?.hidden, true)
})

t.test('concepts are namespace and local name, whatever the prefix', async t => {
  const doc = readIxbrl(fixture('transforms.xhtml'))
  t.same(byId(doc, 'f-dot4').concept, { namespace: FRC_CORE, local: 'TurnoverRevenue' })
  t.equal(byId(doc, 'f-dot4').name, 'core:TurnoverRevenue')
  const group = readIxbrl(fixture('frs102-group.xhtml'))
  t.same(group.numericFacts[0].concept, { namespace: 'http://xbrl.frc.org.uk/fr/2024-01-01/core', local: 'TurnoverRevenue' },
    'uk-core: resolves to the same kind of name as core:')
  t.ok(byId(doc, 'f-dot4').concept === byId(doc, 'f-dot4').concept && doc.numericFacts.filter(f => f.concept.local === 'ProfitLoss').length === 1)
})

t.test('contexts: entity, instant, duration, forever and dimensions', async t => {
  const doc = readIxbrl(fixture('transforms.xhtml'))
  t.same(doc.contexts.get('D2024'), {
    id: 'D2024',
    entity: { scheme: 'http://www.companieshouse.gov.uk/', identifier: '01234567' },
    period: { kind: 'duration', start: '2024-01-01', end: '2024-12-31' },
    dimensions: [],
    typedDimensions: [],
  })
  t.same(doc.contexts.get('I2024')?.period, { kind: 'instant', date: '2024-12-31' })
  t.same(doc.contexts.get('forever')?.period, { kind: 'forever' })
  t.same(doc.contexts.get('I2024-within')?.dimensions, [{
    dimension: { namespace: FRC_CORE, local: 'MaturitiesOrExpirationPeriodsDimension' },
    member: { namespace: FRC_CORE, local: 'WithinOneYear' },
  }])

  const group = readIxbrl(fixture('frs102-group.xhtml'))
  const bus = 'http://xbrl.frc.org.uk/cd/2024-01-01/business'
  t.same(group.contexts.get('grp-cy-end-after')?.dimensions.map(m => `${m.dimension.local}=${m.member.local}`),
    ['MaturitiesOrExpirationPeriodsDimension=AfterOneYear', 'GroupCompanyDataDimension=Consolidated'])
  t.equal(group.contexts.get('grp-cy')?.dimensions[0].member.namespace, bus)

  const small = readIxbrl(fixture('frs102-small.xhtml'))
  t.same(small.contexts.get('cy-end-client-account')?.typedDimensions, [{
    dimension: { namespace: 'http://example.org/test-only/breakdowns', local: 'BankAccountDimension' },
    value: 'Client money account',
  }], 'a typed member keeps its value')

  const ifrs = readIxbrl(fixture('ifrs-group.xhtml'))
  t.equal(ifrs.contexts.get('END2024-company')?.dimensions[0].member.local, 'SeparateMember', 'scenario members count too')
})

t.test('units, including a divide', async t => {
  const doc = readIxbrl(fixture('transforms.xhtml'))
  const iso4217 = 'http://www.xbrl.org/2003/iso4217'
  t.same(doc.units.get('GBP'), { id: 'GBP', measures: [{ namespace: iso4217, local: 'GBP' }], divideBy: [] })
  t.same(doc.units.get('GBP-per-share'), {
    id: 'GBP-per-share',
    measures: [{ namespace: iso4217, local: 'GBP' }],
    divideBy: [{ namespace: 'http://www.xbrl.org/2003/instance', local: 'shares' }],
  })
})

t.test('text facts: continuation chains, excluded text and dates', async t => {
  const doc = readIxbrl(fixture('transforms.xhtml'))
  t.equal(textById(doc, 't-activity'), "The company runs children's homes in the North West and in Yorkshire.",
    'two continuations joined in chain order, ix:exclude left out, whitespace collapsed')
  t.equal(textById(doc, 't-number-shown'), '0123 4567')
  t.equal(textById(doc, 't-forever'), 'Formats Ltd')
  t.equal(textById(doc, 't-start'), '2024-01-01', 'registry 2 datedaymonthyearen, with an ordinal')
  t.equal(textById(doc, 't-end'), '2024-12-31', 'registry 4 date-day-monthname-year-en')
  t.equal(textById(doc, 't-end-uk'), '2024-12-31', 'registry 1 datelonguk')
  t.equal(textById(doc, 't-end-dots'), '2024-12-31', 'registry 4 date-day-month-year, two-digit year')

  const group = readIxbrl(fixture('frs102-group.xhtml'))
  t.equal(group.textFacts.find(f => f.concept.local === 'DescriptionPrincipalActivities')?.value,
    "The principal activity of the group is the provision of residential care for children and young people, " +
    "operating 38 registered children's homes across England and a fostering agency.")
})

t.test('the header may come after the facts that refer to it', async t => {
  const doc = readIxbrl(fixture('frs102-group.xhtml'))
  t.equal(doc.contexts.size, 23)
  t.equal(doc.numericFacts.length, 71)
  t.ok(doc.numericFacts.every(f => doc.contexts.has(f.contextRef) && doc.units.has(f.unitRef)))
})

t.test('iXBRL 1.0 and XHTML served as HTML read like the rest', async t => {
  const old = readIxbrl(fixture('frs102-small.xhtml'))
  t.equal(old.numericFacts.length, 18, 'iXBRL 1.0 namespace, registry 2')
  t.equal(old.numericFacts.find(f => f.concept.local === 'InterestPayableSimilarChargesFinanceCosts' && f.contextRef === 'py')?.value, 0, 'an em dash under zerodash')

  const served = readIxbrl(fixture('xhtml-as-html.html'))
  t.equal(served.numericFacts[0].value, 812400, 'HTML5 doctype, &nbsp; &pound; &mdash;')
  t.equal(readIxbrl(`\ufeff\n  ${fixture('transforms.xhtml')}`).numericFacts.length, 18, 'a byte order mark and blank lines before the declaration')
})

t.test('a document is read in chunks: nothing breaks at a chunk boundary', async t => {
  const CHUNK = 65536 // the reader's chunk size
  const [head, tail] = composeIxbrl({ contexts: [{ id: 'y', period: '2024-01-01/2024-12-31' }], facts: [] }).split('</body>')
  const fact = '<p>🏠 <ix:nonFraction name="uk-core:TurnoverRevenue" contextRef="y" unitRef="GBP" decimals="0" ' +
    'format="ixt:num-dot-decimal">1,234,567</ix:nonFraction></p>'
  const within = (part: string, by: number) => fact.indexOf(part) + by
  const places: [string, number][] = [
    ['between the halves of a character outside the basic plane', within('🏠', 1)],
    ['inside the start tag', within('contextRef', 3)],
    ['inside the number', within('234', 1)],
    ['inside the end tag', within('</ix:nonFraction>', 5)],
  ]
  for (const [where, at] of places) {
    // pad so that the chunk boundary falls `at` characters into the fact
    const filler = `<p>${'x'.repeat(CHUNK - head.length - 7 - at)}</p>`
    const doc = `${head}${filler}${fact}</body>${tail}`
    t.equal(doc.indexOf(fact) + at, CHUNK, `the boundary is ${where}`)
    t.equal(readIxbrl(doc).numericFacts[0].value, 1234567, where)
  }
})

t.test('a large generated document reads in full', async t => {
  const doc = largeIxbrlDocument(1_000_000)
  t.ok(doc.length >= 1_000_000 && doc.length < 1_100_000, 'about the size asked for')
  const read = readIxbrl(doc)
  t.ok(read.numericFacts.length > 3000)
  t.ok(read.contexts.size > 80)
  t.ok(read.numericFacts.some(f => f.nil), 'nil facts among them')
  t.equal(read.textFacts.filter(f => f.concept.local === 'GeneralDescriptionBasisMeasurementUsedInPreparingFinancialStatements')
    .every(f => !f.value.includes('(continued)')), true, 'excluded text stays out of continued notes')
})

t.test('not XML is refused, with where it went wrong', async t => {
  const err = refusal(t, fixture('not-xml.html'))
  t.match(err.message, /^not XML: .+ \(line \d+, column \d+\)$/)
  t.match(err.problems, [{ pointer: /^\d+:\d+$/, detail: /^not XML: / }])
  t.same(err.missing, [])
  t.match(refusal(t, 'Turnover: £1,000').message, /^not XML: /, 'plain text')
  t.match(refusal(t, '').message, /^not XML: /, 'nothing at all')
  t.match(refusal(t, '<html><p>unclosed</html>').problems[0].pointer, '1:')
})

t.test('no iXBRL header is refused', async t => {
  const err = refusal(t, fixture('no-header.xhtml'))
  t.same(err.missing, ['ix:header'])
  t.match(err.message, /no iXBRL header/)
})

t.test('no contexts is refused', async t => {
  const err = refusal(t, fixture('no-contexts.xhtml'))
  t.same(err.missing, ['xbrli:context'])
})

t.test('an unknown format is refused, naming it', async t => {
  const err = refusal(t, fixture('unknown-format.xhtml'))
  t.equal(err.problems.length, 2)
  t.match(err.problems[0], { pointer: /^\d+:\d+$/, detail: /core:TurnoverRevenue: unknown format ixt:num-abacus/ })
  t.match(err.problems[1].detail, /unknown format ixt-sec:numwordsen \(http:\/\/www\.sec\.gov\/inlineXBRL\/transformation\/2015-08-31\)/)
})

t.test('facts that cannot be read are problems, all of them at once', async t => {
  const doc = composeIxbrl({
    contexts: [{ id: 'y', period: '2024-01-01/2024-12-31' }],
    facts: [
      { name: 'uk-core:TurnoverRevenue', context: 'y', shown: 'one million' },
      { name: 'uk-core:CostSales', context: 'y', shown: '12', format: 'ixt:zerodash' },
      { name: 'uk-core:GrossProfitLoss', context: 'nowhere', shown: '1' },
      { name: 'uk-core:AdministrativeExpenses', context: 'y', shown: '1', unit: 'USD' },
      { name: 'undeclared:Thing', context: 'y', shown: '1' },
      { name: 'uk-core:StaffCostsEmployeeBenefitsExpense', context: 'y', shown: '1,000', format: 'nope:num-dot-decimal' },
    ],
  })
  const err = refusal(t, doc)
  t.match(err.problems.map(p => p.detail), [
    /TurnoverRevenue: "one million" does not fit the format ixt:num-dot-decimal/,
    /CostSales: "12" does not fit the format ixt:zerodash/,
    /the concept "undeclared:Thing" has no declared namespace/,
    /unknown format nope:num-dot-decimal: its prefix is not declared/,
    /StaffCostsEmployeeBenefitsExpense: "1,000" is not a number and no format says how to read it/,
    /GrossProfitLoss: no context "nowhere"/,
    /AdministrativeExpenses: no unit "USD"/,
  ])
})

t.test('a broken continuation chain is a problem', async t => {
  const base = composeIxbrl({ contexts: [{ id: 'y', period: '2024-01-01/2024-12-31' }], facts: [] })
  const missing = base.replace('</body>',
    '<p><ix:nonNumeric name="uk-bus:DescriptionPrincipalActivities" contextRef="y" continuedAt="gone">Care</ix:nonNumeric></p></body>')
  t.match(refusal(t, missing).problems[0].detail, /no ix:continuation "gone"/)
  const loop = base.replace('</body>',
    '<p><ix:nonNumeric name="uk-bus:DescriptionPrincipalActivities" contextRef="y" continuedAt="a">Care</ix:nonNumeric>' +
    '<ix:continuation id="a" continuedAt="b"> homes</ix:continuation><ix:continuation id="b" continuedAt="a"> again</ix:continuation></p></body>')
  t.match(refusal(t, loop).problems[0].detail, /the continuation chain loops at "a"/)
})

t.test('a nil fact must be empty', async t => {
  const doc = composeIxbrl({ contexts: [{ id: 'y', period: '2024-01-01/2024-12-31' }], facts: [] })
    .replace('</body>', '<p><ix:nonFraction name="uk-core:TurnoverRevenue" contextRef="y" unitRef="GBP" xsi:nil="true">5</ix:nonFraction></p></body>')
  t.match(refusal(t, doc).problems[0].detail, /is nil but shows "5"/)
})

t.test('xsi:nil under another prefix is still nil', async t => {
  const doc = composeIxbrl({ contexts: [{ id: 'y', period: '2024-01-01/2024-12-31' }], facts: [] })
    .replace('xmlns:xsi=', 'xmlns:inst=')
    .replace('</body>', '<p><ix:nonFraction name="uk-core:TurnoverRevenue" contextRef="y" unitRef="GBP" inst:nil="true"/></p></body>')
  const fact: NumericFact = readIxbrl(doc).numericFacts[0]
  t.match(fact, { nil: true, value: null })
})

t.test('a pathologically deep document is refused, not parsed for minutes', async (t) => {
  const open = '<div>'.repeat(40_000)
  const close = '</div>'.repeat(40_000)
  const doc = `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"><body>${open}${close}</body></html>`
  t.throws(() => readIxbrl(doc), /nests elements more than 256 deep/)
})

t.test('facts that point into the same continuation chain each get their own part of it', async t => {
  const doc = composeIxbrl({ contexts: [{ id: 'y', period: '2024-01-01/2024-12-31' }], facts: [] }).replace('</body>',
    '<p><ix:nonNumeric id="head" name="uk-bus:DescriptionPrincipalActivities" contextRef="y" continuedAt="a">Care</ix:nonNumeric>' +
    '<ix:nonNumeric id="again" name="uk-bus:DescriptionPrincipalActivities" contextRef="y" continuedAt="a">Care</ix:nonNumeric>' +
    '<ix:nonNumeric id="middle" name="uk-bus:DescriptionPrincipalActivities" contextRef="y" continuedAt="b">Education</ix:nonNumeric>' +
    '<ix:continuation id="a" continuedAt="b"> and</ix:continuation><ix:continuation id="b" continuedAt="c"> homes</ix:continuation>' +
    '<ix:continuation id="c"> in Yorkshire</ix:continuation></p></body>')
  const read = readIxbrl(doc)
  t.equal(textById(read, 'head'), 'Care and homes in Yorkshire')
  t.equal(textById(read, 'again'), 'Care and homes in Yorkshire', 'a second fact on the same chain')
  t.equal(textById(read, 'middle'), 'Education homes in Yorkshire', 'a fact continued from the middle of a chain')
})

t.test('a document whose facts would expand far beyond its own text is refused, quickly', async t => {
  // 5,000 facts all continued at the head of one chain of 200 links of 1,000 characters: joined
  // naively, a 0.8 MB document would hold a gigabyte of text
  const chain = Array.from({ length: 200 }, (_, i) =>
    `<ix:continuation id="k${i}"${i < 199 ? ` continuedAt="k${i + 1}"` : ''}>${'x'.repeat(1_000)}</ix:continuation>`).join('')
  const facts = '<ix:nonNumeric name="uk-bus:DescriptionPrincipalActivities" contextRef="y" continuedAt="k0">Care</ix:nonNumeric>'.repeat(5_000)
  const doc = composeIxbrl({ contexts: [{ id: 'y', period: '2024-01-01/2024-12-31' }], facts: [] }).replace('</body>', `<p>${facts}${chain}</p></body>`)
  const err = refusal(t, doc)
  t.match(err.message, /the facts' text expands to more than 4 times the document's length/)
  t.equal(err.problems.length, 1)

  // nested facts count their text once for each fact they sit in
  const nested = composeIxbrl({ contexts: [{ id: 'y', period: '2024-01-01/2024-12-31' }], facts: [] }).replace('</body>',
    '<ix:nonNumeric name="uk-bus:DescriptionPrincipalActivities" contextRef="y">'.repeat(200) + 'y'.repeat(100_000) +
    '</ix:nonNumeric>'.repeat(200) + '</body>')
  t.match(refusal(t, nested).message, /expands to more than 4 times/)

  // the same chain followed by a handful of facts is an ordinary document
  const few = doc.replace(facts, '<ix:nonNumeric id="one" name="uk-bus:DescriptionPrincipalActivities" contextRef="y" continuedAt="k0">Care</ix:nonNumeric>'.repeat(2))
  t.equal(readIxbrl(few).textFacts[0].value.length, 'Care'.length + 200_000)
})

t.test('a refusal lists the first hundred problems and counts the rest', async t => {
  const doc = composeIxbrl({ contexts: [{ id: 'y', period: '2024-01-01/2024-12-31' }], facts: [] })
    .replace('</body>', '<p><ix:nonFraction name="uk-core:TurnoverRevenue" contextRef="nowhere" unitRef="GBP">1</ix:nonFraction></p>'.repeat(250) + '</body>')
  const err = refusal(t, doc)
  t.equal(err.problems.length, 101)
  t.match(err.problems[99].detail, /no context "nowhere"/)
  t.same(err.problems[100], { detail: 'and 150 more problems not listed' })
  t.match(err.message, /^the document has 250 problems/)
})

t.test('reading in turns reads the same, pausing between pieces of the document', async t => {
  const doc = largeIxbrlDocument(2 * 1024 * 1024)
  let pauses = 0
  const inTurns = await readIxbrlInTurns(doc, async () => { pauses++ })
  t.same(inTurns, readIxbrl(doc))
  t.ok(pauses >= 32, `${pauses} pauses for 2 MB`)
  await t.rejects(readIxbrlInTurns('<html>', async () => {}), IxbrlError)
})
