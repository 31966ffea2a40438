// A large, realistic iXBRL document for the reader's benchmark and tests: the made-up Hearthside group's FRS 102
// accounts, with group and company columns, and then note after note of narrative and tagged tables
// until the document reaches the size asked for. Deterministic: the same size gives the same text.
// Plain ASCII throughout (entities for anything else), so its length in characters is its size in bytes.

const NAMESPACES = [
  'xmlns="http://www.w3.org/1999/xhtml"',
  'xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"',
  'xmlns:ixt="http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"',
  'xmlns:ixt2="http://www.xbrl.org/inlineXBRL/transformation/2011-07-31"',
  'xmlns:xbrli="http://www.xbrl.org/2003/instance"',
  'xmlns:xbrldi="http://xbrl.org/2006/xbrldi"',
  'xmlns:link="http://www.xbrl.org/2003/linkbase"',
  'xmlns:xlink="http://www.w3.org/1999/xlink"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  'xmlns:iso4217="http://www.xbrl.org/2003/iso4217"',
  'xmlns:core="http://xbrl.frc.org.uk/fr/2024-01-01/core"',
  'xmlns:bus="http://xbrl.frc.org.uk/cd/2024-01-01/business"',
].join(' ')

const COMPANY = '09876543'
const YEARS = [
  { key: 'cy', start: '2024-01-01', end: '2024-12-31' },
  { key: 'py', start: '2023-01-01', end: '2023-12-31' },
]
const PPE_CLASSES = ['LandBuildings', 'PlantMachinery', 'FurnitureFittings', 'MotorVehicles', 'ComputerEquipment']
const SEGMENTS = Array.from({ length: 24 }, (_, i) => `ReportableOperatingSegment${i + 1}`)

const WORDS = (
  'the group provides residential care and education for children and young people with complex needs ' +
  'homes are registered with Ofsted and inspected against the social care common inspection framework ' +
  'occupancy staffing agency costs local authority placements fees were reviewed during the year and ' +
  'the directors consider the going concern basis appropriate having regard to the facilities available ' +
  'capital expenditure refurbishment safeguarding training retention recruitment of registered managers'
).split(' ')

/** A small linear congruential generator: reproducible figures and prose without Math.random. */
const sequence = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}

const segment = (members: [string, string][]) => members.length === 0 ? '' :
  `<xbrli:segment>${members.map(([d, m]) => `<xbrldi:explicitMember dimension="${d}">${m}</xbrldi:explicitMember>`).join('')}</xbrli:segment>`

const context = (id: string, period: string, members: [string, string][] = []) =>
  `<xbrli:context id="${id}"><xbrli:entity><xbrli:identifier scheme="http://www.companieshouse.gov.uk/">${COMPANY}</xbrli:identifier>` +
  `${segment(members)}</xbrli:entity><xbrli:period>${period}</xbrli:period></xbrli:context>\n`

const duration = (y: { start: string; end: string }) => `<xbrli:startDate>${y.start}</xbrli:startDate><xbrli:endDate>${y.end}</xbrli:endDate>`
const instant = (y: { end: string }) => `<xbrli:instant>${y.end}</xbrli:instant>`
const GROUP: [string, string] = ['bus:GroupCompanyDataDimension', 'bus:Consolidated']

const contexts = () => {
  let out = ''
  for (const y of YEARS) {
    out += context(y.key, duration(y))
    out += context(`grp-${y.key}`, duration(y), [GROUP])
    out += context(`grp-${y.key}-end`, instant(y), [GROUP])
    out += context(`co-${y.key}-end`, instant(y))
    for (const [suffix, dimension, member] of [
      ['within', 'core:MaturitiesOrExpirationPeriodsDimension', 'core:WithinOneYear'],
      ['after', 'core:MaturitiesOrExpirationPeriodsDimension', 'core:AfterOneYear'],
      ['re', 'core:EquityClassesDimension', 'core:RetainedEarningsAccumulatedLosses'],
      ['sc', 'core:EquityClassesDimension', 'core:ShareCapital'],
    ]) {
      out += context(`grp-${y.key}-end-${suffix}`, instant(y), [GROUP, [dimension, member]])
      out += context(`co-${y.key}-end-${suffix}`, instant(y), [[dimension, member]])
    }
    for (const c of PPE_CLASSES) out += context(`grp-${y.key}-end-${c}`, instant(y), [GROUP, ['core:PropertyPlantEquipmentClassesDimension', `core:${c}`]])
    for (const s of SEGMENTS) out += context(`grp-${y.key}-${s}`, duration(y), [GROUP, ['core:OperatingSegmentsDimension', `core:${s}`]])
  }
  return out
}

const money = (name: string, contextRef: string, thousands: number, extra = '') =>
  `<ix:nonFraction name="${name}" contextRef="${contextRef}" unitRef="GBP" scale="3" decimals="-3" format="ixt:num-dot-decimal"${extra}>` +
  `${Math.abs(thousands).toLocaleString('en-GB')}</ix:nonFraction>`

const row = (label: string, cells: string[]) =>
  `<tr><td class="label">${label}</td>${cells.map(c => `<td class="figure">${c}</td>`).join('')}</tr>\n`

/** The primary statements: the figures the return reads, group and company, this year and last. */
const statements = () => {
  const pl: [string, string, number, number][] = [
    ['Turnover', 'core:TurnoverRevenue', 48250, 44100],
    ['Operating profit', 'core:OperatingProfitLoss', 5120, 4480],
    ['Interest payable and similar expenses', 'core:InterestPayableSimilarChargesFinanceCosts', 2210, 2050],
    ['Profit before taxation', 'core:ProfitLossOnOrdinaryActivitiesBeforeTax', 2910, 2430],
    ['Depreciation and amounts written off', 'core:DepreciationAmortisationImpairmentExpense', 1340, 1210],
  ]
  const bs: [string, string, string, number, number, number, number][] = [
    ['Fixed assets', 'core:FixedAssets', '', 61400, 58900, 30000, 30000],
    ['Cash at bank and in hand', 'core:CashBankOnHand', '', 3870, 2950, 120, 90],
    ['Current assets', 'core:CurrentAssets', '', 10000, 8700, 500, 500],
    ['Creditors: within one year', 'core:Creditors', '-within', 12450, 11800, 2000, 1900],
    ['Creditors: after more than one year', 'core:Creditors', '-after', 38700, 37900, 20000, 20000],
    ['Provisions for liabilities', 'core:ProvisionsForLiabilitiesBalanceSheetSubtotal', '', 1250, 1100, 0, 0],
    ['Called up share capital', 'core:Equity', '-sc', 100, 100, 100, 100],
    ['Profit and loss account', 'core:Equity', '-re', 18900, 16700, 8400, 8500],
    ["Shareholders' funds", 'core:Equity', '', 19000, 16800, 8500, 8600],
  ]
  let out = '<h2>Consolidated profit and loss account</h2>\n<table>\n'
  for (const [label, name, cy, py] of pl) out += row(label, [money(name, 'grp-cy', cy), money(name, 'grp-py', py)])
  out += '</table>\n<h2>Consolidated and company balance sheets</h2>\n<table>\n'
  for (const [label, name, suffix, gcy, gpy, ccy, cpy] of bs) {
    out += row(label, [
      money(name, `grp-cy-end${suffix}`, gcy), money(name, `grp-py-end${suffix}`, gpy),
      money(name, `co-cy-end${suffix}`, ccy), money(name, `co-py-end${suffix}`, cpy),
    ])
  }
  return out + '</table>\n'
}

const prose = (next: () => number, words: number) => {
  const out: string[] = []
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(next() * WORDS.length)])
  out[0] = out[0][0].toUpperCase() + out[0].slice(1)
  return out.join(' ') + '.'
}

/** One note: narrative, a tagged text block continued across a page break, and a tagged table. */
const note = (n: number, next: () => number) => {
  let out = `<div class="note" id="note-${n}">\n<h3>${n}. ${n % 2 ? 'Tangible fixed assets' : 'Turnover by home'}</h3>\n`
  for (let p = 0; p < 3; p++) out += `<p>${prose(next, 90)}</p>\n`
  out += `<p><ix:nonNumeric name="core:GeneralDescriptionBasisMeasurementUsedInPreparingFinancialStatements" contextRef="cy" continuedAt="note-${n}-more">${prose(next, 40)}</ix:nonNumeric></p>\n`
  out += `<p class="page-break">Page ${n + 10}</p>\n`
  out += `<p><ix:continuation id="note-${n}-more"> ${prose(next, 40)} <ix:exclude>(continued)</ix:exclude></ix:continuation></p>\n<table>\n`
  if (n % 2) {
    for (const [label, name, extra] of [
      ['Cost', 'core:PropertyPlantEquipmentGrossCost', ''],
      ['Depreciation charge', 'core:IncreaseFromDepreciationChargeForYearPropertyPlantEquipment', ''],
      ['Accumulated depreciation', 'core:AccumulatedDepreciationImpairmentPropertyPlantEquipment', ' sign="-"'],
      ['Net book value', 'core:PropertyPlantEquipment', ''],
    ]) {
      out += row(label, PPE_CLASSES.flatMap(c => YEARS.map(y => money(name, `grp-${y.key}-end-${c}`, Math.round(next() * 90000), extra))))
    }
  } else {
    for (const s of SEGMENTS) {
      const cells = YEARS.map(y => money('core:TurnoverRevenue', `grp-${y.key}-${s}`, Math.round(next() * 4000)))
      cells.push(`<span class="nil"><ix:nonFraction name="core:OtherOperatingIncomeFormat1" contextRef="grp-cy-${s}" unitRef="GBP" decimals="0" format="ixt:fixed-zero">-</ix:nonFraction></span>`)
      cells.push(`<ix:nonFraction name="core:OtherOperatingIncomeFormat2" contextRef="grp-cy-${s}" unitRef="GBP" xsi:nil="true"/>`)
      cells.push(`<ix:nonFraction name="core:AverageNumberEmployeesDuringPeriod" contextRef="grp-cy-${s}" unitRef="pure" decimals="0" format="ixt2:numdotdecimal"><span>${Math.round(next() * 80)}</span></ix:nonFraction>`)
      out += row(`Home ${s.slice(-2)}`, cells)
    }
  }
  return out + '</table>\n</div>\n'
}

/** A document of at least `targetBytes` bytes (give or take one note) that reads as real group accounts. */
export const largeIxbrlDocument = (targetBytes: number): string => {
  const next = sequence(20240101)
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<html ${NAMESPACES}>\n<head><title>Hearthside Care Group Limited - Annual report 2024</title>\n`,
    '<style>td.figure{text-align:right} .page-break{page-break-after:always}</style></head>\n<body>\n',
    '<div style="display:none"><ix:header><ix:hidden>\n',
    `<ix:nonNumeric name="bus:UKCompaniesHouseRegisteredNumber" contextRef="cy">${COMPANY}</ix:nonNumeric>\n`,
    '<ix:nonNumeric name="bus:StartDateForPeriodCoveredByReport" contextRef="cy" format="ixt:date-day-monthname-year-en">1 January 2024</ix:nonNumeric>\n',
    '<ix:nonNumeric name="bus:EndDateForPeriodCoveredByReport" contextRef="cy" format="ixt:date-day-monthname-year-en">31 December 2024</ix:nonNumeric>\n',
    '</ix:hidden>\n<ix:references><link:schemaRef xlink:type="simple" xlink:href="https://xbrl.frc.org.uk/FRS-102/2024-01-01/FRS-102-2024-01-01.xsd"/></ix:references>\n',
    '<ix:resources>\n', contexts(),
    '<xbrli:unit id="GBP"><xbrli:measure>iso4217:GBP</xbrli:measure></xbrli:unit>\n',
    '<xbrli:unit id="pure"><xbrli:measure>xbrli:pure</xbrli:measure></xbrli:unit>\n',
    '</ix:resources></ix:header></div>\n',
    '<h1>Hearthside Care Group Limited</h1>\n', statements(),
  ]
  const closing = '</body>\n</html>\n'
  let size = parts.reduce((sum, p) => sum + p.length, closing.length)
  for (let n = 1; size < targetBytes; n++) {
    const part = note(n, next)
    parts.push(part)
    size += part.length
  }
  parts.push(closing)
  return parts.join('')
}
