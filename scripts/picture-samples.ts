// Sample inputs for the pictures: a private-equity chain through Jersey (with a name carrying
// markup), a market of 153 councils with some shares unknown, and a group's three periods.
// Used by the pictures' page in the browser tests and by `npm run screenshots`.
import type { FastifyPluginAsync } from 'fastify'
import { ownershipView } from '../src/views/ownership.js'
import { resolveOwnership } from '../src/domain/ownership/resolve.js'
import type { OwnershipGraph } from '../src/domain/ownership/types.js'
import { ownershipDiagram } from '../src/console/pictures/ownership.js'
import { councilHexes, marketMap } from '../src/console/pictures/market-map.js'
import { keyMetricTrends, trendChart } from '../src/console/pictures/trends.js'
import ruleset from '../src/domain/rulesets/2026.1.js'

export const MARKUP_NAME = '<script>alert("owned")</script> Holdings Ltd'

export const sampleGraph: OwnershipGraph = {
  reportingEntity: 'care',
  entities: [
    { ref: 'care', name: 'Brightwater Care Homes Ltd', kind: 'company', jurisdiction: 'GB' },
    { ref: 'holdco', name: MARKUP_NAME, kind: 'company', jurisdiction: 'GB' },
    { ref: 'topco', name: 'Brightwater Topco Ltd', kind: 'company', jurisdiction: 'JE' },
    { ref: 'fund', name: 'Harbour Capital Fund IV LP', kind: 'private_equity_fund', jurisdiction: 'GG' },
    { ref: 'gp', name: 'Harbour Capital Partners LLP', kind: 'fund_manager', jurisdiction: 'GB' },
    { ref: 'mgmt', name: 'Management shareholders', kind: 'person', jurisdiction: 'GB' },
  ],
  interests: [
    { owner: 'holdco', owned: 'care', sharesPct: 100 },
    { owner: 'topco', owned: 'holdco', sharesPct: 100 },
    { owner: 'fund', owned: 'topco', sharesPct: 82, votingPct: 90 },
    { owner: 'mgmt', owned: 'topco', sharesPct: 18, votingPct: 10 },
    { owner: 'gp', owned: 'fund', control: true },
  ],
}

export const sampleOwnership = () => ownershipView(sampleGraph, resolveOwnership(sampleGraph), '2026-03-31')

/** Shares for every council: a deterministic spread over the bands, a few unknown. */
export function sampleShares(): Record<string, number | null> {
  const codes = Object.keys(councilHexes().hexes)
  return Object.fromEntries(codes.map((code, i) => [code, i % 17 === 5 ? null : ((i * 37) % 100) / 100 * ((i % 3) / 2)]))
}

export const samplePeriods = [
  { period: '2024', leverage: 5.2, interestCover: 2.6, liquidityMonths: 4.8, revenue: 180_000_000, ebitda: 36_000_000, operatingProfit: 27_000_000 },
  { period: '2025', leverage: 6.8, interestCover: 1.9, liquidityMonths: 2.4, revenue: 176_000_000, ebitda: 30_000_000, operatingProfit: 20_500_000 },
  { period: '2026', leverage: 8.9, interestCover: 1.1, liquidityMonths: null, revenue: 171_000_000, ebitda: 24_000_000, operatingProfit: -3_000_000 },
]

export function samplePictures() {
  return {
    ownership: ownershipDiagram(sampleOwnership(), { id: 'ownership', groupName: 'Brightwater Care Homes Ltd' }),
    map: marketMap({ id: 'market-map', shares: sampleShares() }),
    trends: keyMetricTrends('trend', samplePeriods, ruleset).map(trendChart),
  }
}

const PAGE = `{% extends "partials/layout.njk" %}
{% from "partials/picture.njk" import appPicture %}
{% set pageTitle = "Pictures" %}
{% block content %}
  <h1 class="govuk-heading-l">Pictures</h1>
  <h2 class="govuk-heading-m">Ownership</h2>
  {{ appPicture(pictures.ownership) }}
  <h2 class="govuk-heading-m">Market map</h2>
  {{ appPicture(pictures.map) }}
  <h2 class="govuk-heading-m">Trends</h2>
  {% for chart in pictures.trends %}{{ appPicture(chart) }}{% endfor %}
{% endblock %}`

/** A console page showing every picture with sample data, for regulators (tests and screenshots only). */
export const picturesPage: FastifyPluginAsync = async (app) => {
  app.get('/test/pictures', { onRequest: app.signedIn('regulator') }, async (_req, reply) =>
    reply.view({ raw: PAGE } as unknown as string, { pictures: samplePictures() }))
}
