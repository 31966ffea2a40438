import t from 'tap'
import { problemPointer, readHeader, readJudgement, readOfstedDate, RegisterReader } from '../../src/domain/ofsted-register.js'

const HEADER = ['URN', 'Provision type', 'Setting name', 'Registration status', 'Places', 'Local authority',
  'Overall experiences and progress of children and young people', 'Inspection date']

const read = (rows: string[][], listed?: number) => {
  const reader = new RegisterReader(listed)
  for (const r of rows) if (!reader.row(r)) break
  reader.finish()
  return reader
}

t.test('columns are found by header, case and spacing ignored, other columns ignored', async t => {
  const { columns, problems } = readHeader(['Web link', ' urn ', 'PROVISION TYPE', 'Setting  name', 'Sector', 'registrationstatus', 'Places',
    'Local\u00a0authority', 'Overall Experiences and Progress of Children and Young People', '', 'Inspection date', 'Unnamed: 11'])
  t.same(problems, [])
  t.same(columns, { urn: 1, provisionType: 2, name: 3, registrationStatus: 5, places: 6, localAuthority: 7, judgement: 8, inspectionDate: 10 })
})

t.test('Ofsted\'s other names for two columns are taken; the name API.md gives wins when both are there', async t => {
  t.same(readHeader(['URN', 'Name', 'Registration status', 'Overall experiences and progress of children and young people', 'Latest full inspection date']).columns,
    { urn: 0, name: 1, registrationStatus: 2, judgement: 3, inspectionDate: 4 })
  t.same(readHeader(['URN', 'Name', 'Setting name', 'Registration status', 'Overall experiences and progress of children and young people']).columns.name, 2)
})

t.test('a missing required column is named, each of them; the optional ones may be missing', async t => {
  const { problems, columns } = readHeader(['URN', 'Places', 'Inspection date'])
  t.same(problems.map(p => [p.row, p.detail]), [
    [1, 'the column "Registration status" is missing (the first row must name the columns)'],
    [1, 'the column "Overall experiences and progress of children and young people" is missing (the first row must name the columns)'],
  ])
  t.same(columns, { urn: 0, places: 1, inspectionDate: 2 })
  const minimal = read([['URN', 'Registration status', 'Overall experiences and progress of children and young people'], ['SC100001', 'Active', 'Good']])
  t.same(minimal.settings, [{ urn: 'SC100001', row: 2, provisionType: null, name: null, registrationStatus: 'Active', places: null, localAuthority: null, judgement: 'good', inspectionDate: null }])
})

t.test('judgements as Ofsted writes them, the pre-2015 grade 3 as Requires improvement, and none', async t => {
  t.equal(readJudgement('Outstanding'), 'outstanding')
  t.equal(readJudgement('good'), 'good')
  t.equal(readJudgement('Requires improvement to be good'), 'requires_improvement')
  t.equal(readJudgement('Requires  improvement  to be good '), 'requires_improvement', 'spacing')
  t.equal(readJudgement('Adequate'), 'requires_improvement', 'grade 3 before 2015')
  t.equal(readJudgement('INADEQUATE'), 'inadequate')
  for (const none of ['', 'Not yet inspected', 'Not judged', 'Not provided as service is inspected as part of the ILACS inspection', 'N/A']) {
    t.equal(readJudgement(none), null, JSON.stringify(none))
  }
  for (const unknown of ['Great', '2', 'Good/Outstanding', 'Inadequat']) t.equal(readJudgement(unknown), undefined, JSON.stringify(unknown))
})

t.test('dates are DD/MM/YYYY, leading zeros optional, days of the calendar only', async t => {
  t.equal(readOfstedDate('01/08/2025'), '2025-08-01')
  t.equal(readOfstedDate('1/8/2025'), '2025-08-01')
  t.equal(readOfstedDate('29/02/2024'), '2024-02-29', 'a leap day')
  t.equal(readOfstedDate('29/02/2025'), undefined)
  t.equal(readOfstedDate('31/04/2025'), undefined)
  t.equal(readOfstedDate('12/13/2025'), undefined, 'month 13 (a US date)')
  t.equal(readOfstedDate('2025-08-01'), undefined, 'ISO is not how Ofsted writes it')
  t.equal(readOfstedDate('01/08/25'), undefined, 'two-digit year')
})

t.test('each setting is read with its row; blank rows are skipped but counted', async t => {
  const reader = read([HEADER,
    [' sc123456 ', "Children's home", 'REDACTED', 'Active', ' 4 ', 'Leeds', 'Good', '01/08/2025'],
    ['', '', '', '', '', '', '', ''],
    [''],
    ['2500123', 'Independent fostering agency', 'Acme Fostering, North', 'Resigned', '', 'Durham', 'Not yet inspected', ''],
    ['SC100001', "Children's home", 'REDACTED', 'Active', '0'], // the row stops short: the rest are empty
  ])
  t.same(reader.problems, [])
  t.same(reader.settings, [
    { urn: 'SC123456', row: 2, provisionType: "Children's home", name: 'REDACTED', registrationStatus: 'Active', places: 4, localAuthority: 'Leeds', judgement: 'good', inspectionDate: '2025-08-01' },
    { urn: '2500123', row: 5, provisionType: 'Independent fostering agency', name: 'Acme Fostering, North', registrationStatus: 'Resigned', places: null, localAuthority: 'Durham', judgement: null, inspectionDate: null },
    { urn: 'SC100001', row: 6, provisionType: "Children's home", name: 'REDACTED', registrationStatus: 'Active', places: 0, localAuthority: null, judgement: null, inspectionDate: null },
  ])
  t.same(reader.byJudgement(), { outstanding: 0, good: 1, requiresImprovement: 0, inadequate: 0, none: 2 })
})

t.test('every bad cell is a problem at its row and column (header = row 1), and a bad row is not kept', async t => {
  const reader = read([HEADER,
    ['SC100001', "Children's home", 'REDACTED', 'Active', 'four', 'Leeds', 'Great', '31/02/2025'],
    ['SC100002', "Children's home", 'REDACTED', 'Active', '3', 'Leeds', 'Good', '01/02/2025'],
    ['SC-1', "Children's home", 'REDACTED', '', '-2', 'Leeds', 'Good', '2025-02-01'],
    ['sc100002', "Children's home", 'REDACTED', 'Active', '2.5', 'Leeds', 'Good', ''],
    ['', "Children's home", 'Nul\u0000name', 'Active', '3', 'Leeds', 'Good', ''],
  ])
  t.same(reader.problems.map(p => [problemPointer(p), p.detail]), [
    ['#cell=2,5', 'row 2, Places: "four" is not a whole number of places'],
    ['#cell=2,7', 'row 2, Overall experiences and progress of children and young people: "Great" is not a judgement (Outstanding, Good, Requires improvement to be good or Inadequate; or none, such as Not yet inspected)'],
    ['#cell=2,8', 'row 2, Inspection date: "31/02/2025" is not a day of the calendar'],
    ['#cell=4,1', 'row 4, URN: "SC-1" is not an Ofsted URN (such as SC123456 or 2500123)'],
    ['#cell=4,4', 'row 4, Registration status: is empty'],
    ['#cell=4,5', 'row 4, Places: "-2" is not a whole number of places'],
    ['#cell=4,8', 'row 4, Inspection date: "2025-02-01" is not a date written DD/MM/YYYY'],
    ['#cell=5,1', 'row 5, URN: SC100002 is already at row 3'],
    ['#cell=5,5', 'row 5, Places: "2.5" is not a whole number of places'],
    ['#cell=6,3', 'row 6, Setting name: contains a NUL character'],
    ['#cell=6,1', 'row 6, URN: is empty'],
  ])
  t.same(reader.settings.map(s => s.urn), ['SC100002'])
  t.equal(reader.problemCount, 11)
})

t.test('past the listed problems, the rest are counted', async t => {
  const rows = [HEADER, ...Array.from({ length: 250 }, (_, i) => [`SC${300000 + i}`, '', '', 'Active', 'x', '', 'Good', ''])]
  const reader = read(rows, 100)
  t.equal(reader.problems.length, 100)
  t.equal(reader.problemCount, 250)
  t.equal(reader.problems[99].row, 101, 'the first hundred, in file order')
})

t.test('a file with no rows, a blank first row, or a header and no settings, is refused', async t => {
  t.same(read([]).problems.map(p => p.detail), ['the file is empty: the first row must name the columns'])
  t.same(read([[''], HEADER]).problems.map(p => [p.row, p.detail]), [[1, 'the first row is empty: it must name the columns']])
  t.same(read([HEADER, [''], ['', '']]).problems.map(p => p.detail),
    ['the file lists no settings: a register with none would make every setting unregistered'])
})
