// The one drizzle schema, on PGlite and PostgreSQL alike. Money is whole pounds, in the stored
// documents (JSON numbers: ±10^13 is far inside 2^53). History is append-only: returns are never
// updated except to record which version superseded them.
import { sql } from 'drizzle-orm'
import {
  bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core'

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const councils = pgTable('councils', {
  laCode: text('la_code').primaryKey(),
  name: text('name').notNull(),
  region: text('region').notNull(),
  childrenLookedAfter: integer('children_looked_after'),
  updatedAt: at('updated_at').notNull().defaultNow(),
})

export const providers = pgTable('providers', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  companyNumber: text('company_number').notNull(),
  kind: text('kind', { enum: ['private', 'voluntary', 'local_authority'] }).notNull(),
  designated: boolean('designated').notNull().default(false),
  // The current standing, kept in step with returns, assessments and notices in the same
  // transaction so that stability reads are one primary-key lookup.
  rating: text('rating', { enum: ['red', 'amber', 'green', 'unrated'] }).notNull().default('unrated'),
  peBacked: boolean('pe_backed'),
  // CONT-DIFFICULT-TO-REPLACE on the latest return: the designation candidates.
  difficultToReplace: boolean('difficult_to_replace'),
  latestReturnId: uuid('latest_return_id'),
  // The rest of the stability view, kept in step by the same writes (filing, reassessment,
  // register transitions, notices), so that councils' polling reads one row by primary key.
  openFlags: text('open_flags').array().notNull().default(sql`'{}'::text[]`),
  noticeInForce: boolean('notice_in_force').notNull().default(false),
  lastReturnPeriodEnd: date('last_return_period_end', { mode: 'string' }),
  createdAt: at('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('providers_company_number_key').on(t.companyNumber),
  index('providers_created_id_idx').on(t.createdAt, t.id),
  index('providers_latest_return_idx').on(t.latestReturnId),
])

export const designations = pgTable('designations', {
  id: uuid('id').primaryKey(),
  providerId: uuid('provider_id').notNull().references(() => providers.id),
  designated: boolean('designated').notNull(),
  reason: text('reason').notNull(),
  responsibleIndividual: text('responsible_individual'),
  decidedBy: text('decided_by').notNull(),
  decidedAt: at('decided_at').notNull(),
}, (t) => [index('designations_provider_idx').on(t.providerId, t.decidedAt)])

export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: at('at').notNull(),
  actorSub: text('actor_sub').notNull(),
  actorRole: text('actor_role').notNull(),
  action: text('action').notNull(),
  objectType: text('object_type').notNull(),
  objectId: text('object_id').notNull(),
  summary: jsonb('summary').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  // An entry is numbered and hashed as its transaction commits (migration 0007): until then `seq`
  // is a negative placeholder and these hold the canonical text around the number, then are cleared.
  chainHead: text('chain_head'),
  chainTail: text('chain_tail'),
}, (t) => [
  index('audit_object_idx').on(t.objectType, t.objectId),
  index('audit_actor_idx').on(t.actorSub),
])

export const annualReturns = pgTable('returns', {
  id: uuid('id').primaryKey(),
  providerId: uuid('provider_id').notNull().references(() => providers.id),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  version: integer('version').notNull(),
  supersedes: uuid('supersedes'),
  // Set once, when the next version is filed; the only update a return ever receives.
  supersededBy: uuid('superseded_by'),
  submittedAt: at('submitted_at').notNull(),
  submittedBy: text('submitted_by').notNull(),
  bodySha256: text('body_sha256').notNull(),
  // The exact filed document, for reproduction: its RFC 8785 text, which `bodySha256` hashes (returns
  // filed before that was so keep the text their JSONB gave). It is what routes and reassessments
  // read; SQL that needs a part reads one of the columns below, written with it from the same body.
  // (It was kept as JSONB too: parsing 40 kB of JSON into JSONB was a fifth of the database's work
  // for a full filing, for reads these columns serve.)
  document: text('document').notNull(),
  // The filed accounts: the next period's assessment reads them (its growth metrics), and this is
  // all it reads of the earlier return.
  accounts: jsonb('accounts'),
  // The settings' URNs as filed: what a reassessment reads of them (the register's entries for each).
  settingUrns: jsonb('setting_urns').notNull(),
  // The service lines and related parties (ruleset 2027.1's parts; null when the return has none):
  // what the profit measures read besides the accounts.
  services: jsonb('services'),
  relatedParties: jsonb('related_parties'),
}, (t) => [
  uniqueIndex('returns_version_key').on(t.providerId, t.periodEnd, t.version),
  // One latest version per period: two racing amendments cannot both supersede it.
  uniqueIndex('returns_latest_key').on(t.providerId, t.periodEnd).where(sql`superseded_by is null`),
  index('returns_provider_submitted_idx').on(t.providerId, t.submittedAt),
])

// A return's placements, the one part a query reads by council (who holds a council's children),
// kept as rows. Facilities, covenants and settings are read from the document (the settings' URNs
// from the column beside it). No foreign key to the return: placements are only ever written by the
// statement that writes the return, from the same body as its document (`storedParts`), and a
// return is never deleted.
export const returnPlacements = pgTable('return_placements', {
  returnId: uuid('return_id').notNull(),
  laCode: text('la_code').notNull(),
  children: integer('children').notNull(),
}, (t) => [
  primaryKey({ columns: [t.returnId, t.laCode] }),
  // Which providers hold a council's children: by council alone. Keyed by council and return, each
  // filing's sixty entries landed at random places in sixty councils' runs of the index; keyed by
  // council, they go to the end of each run, deduplicated (bench/README.md, migration 0018).
  index('return_placements_council_idx').on(t.laCode),
])

export const idempotencyKeys = pgTable('idempotency_keys', {
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  state: text('state', { enum: ['in_flight', 'done'] }).notNull(),
  responseStatus: integer('response_status'),
  responseBody: jsonb('response_body'),
  createdAt: at('created_at').notNull(),
  lockedAt: at('locked_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.scope, t.key] }),
  index('idempotency_created_idx').on(t.createdAt),
])

/** Published rulesets; the one in force is the latest published. Never updated. */
export const rulesets = pgTable('rulesets', {
  version: text('version').primaryKey(),
  seq: integer('seq').notNull(),
  definition: jsonb('definition').notNull(),
  publishedAt: at('published_at').notNull(),
  publishedBy: text('published_by').notNull(),
}, (t) => [uniqueIndex('rulesets_seq_key').on(t.seq)])

/**
 * What assessments read besides the return itself (the previous period's figures, the councils'
 * figures, the resolved ownership, when it was filed), stored once by content: exact JSON text
 * under its SHA-256. Reassessing an unchanged return reads the same inputs and stores them no second time.
 */
export const assessmentInputSets = pgTable('assessment_inputs', {
  sha256: text('sha256').primaryKey(),
  inputs: text('inputs').notNull(),
})

/** Every assessment ever made (on filing, amendment, reassessment); never rewritten. */
export const assessments = pgTable('assessments', {
  id: uuid('id').primaryKey(),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  returnId: uuid('return_id').notNull().references(() => annualReturns.id),
  providerId: uuid('provider_id').notNull().references(() => providers.id),
  rulesetVersion: text('ruleset_version').notNull(),
  reason: text('reason', { enum: ['filing', 'reassessment'] }).notNull(),
  assessedAt: at('assessed_at').notNull(),
  // The exact JSON the assessment produced ({ rulesetVersion, metrics, flags }): kept as text so a
  // re-run on its inputs can be compared byte for byte.
  output: text('output').notNull(),
  inputsSha256: text('inputs_sha256').notNull().references(() => assessmentInputSets.sha256),
  // The Ofsted register load it read (ruleset 2027.2 on; null before, or when none was loaded):
  // the extract itself is in its inputs, so this says which load without reading them.
  ofstedLoadId: integer('ofsted_load_id').references(() => ofstedLoads.id),
}, (t) => [
  index('assessments_return_idx').on(t.returnId, t.seq),
  index('assessments_provider_idx').on(t.providerId, t.assessedAt),
])

/** The risk register: one flag per rule raised red or amber, per provider and period. */
export const flags = pgTable('flags', {
  id: uuid('id').primaryKey(),
  providerId: uuid('provider_id').notNull().references(() => providers.id),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  returnId: uuid('return_id').notNull().references(() => annualReturns.id),
  assessmentId: uuid('assessment_id').notNull().references(() => assessments.id),
  ruleId: text('rule_id').notNull(),
  severity: text('severity', { enum: ['red', 'amber'] }).notNull(),
  status: text('status', { enum: ['open', 'under_review', 'escalated', 'resolved', 'dismissed'] }).notNull(),
  explanation: text('explanation').notNull(),
  evidence: jsonb('evidence').notNull(),
  // Bumped on every change: the flag's ETag.
  revision: integer('revision').notNull().default(1),
  raisedAt: at('raised_at').notNull(),
  updatedAt: at('updated_at').notNull(),
}, (t) => [
  index('flags_provider_status_idx').on(t.providerId, t.status),
  index('flags_register_idx').on(t.status, t.severity, t.raisedAt),
  // The register's own order (red first, then oldest, then id: listFlags), so a page is read off
  // the index rather than sorting every flag.
  index('flags_register_order_idx').on(sql`(case when ${t.severity} = 'red' then 0 else 1 end)`, t.raisedAt, t.id),
  index('flags_rule_idx').on(t.ruleId),
])

/** What happened to a flag: raised, evidence updated, transitions, notes. Append-only. */
export const flagEvents = pgTable('flag_events', {
  id: uuid('id').primaryKey(),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  flagId: uuid('flag_id').notNull().references(() => flags.id),
  at: at('at').notNull(),
  actorSub: text('actor_sub').notNull(),
  actorRole: text('actor_role').notNull(),
  kind: text('kind', { enum: ['raised', 'evidence_updated', 'transition', 'note'] }).notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  text: text('text'),
}, (t) => [index('flag_events_flag_idx').on(t.flagId, t.seq)])

/**
 * The accounts read from an iXBRL document a provider uploaded, remembered by the document's
 * SHA-256 (the document itself is not kept) so that a return can cite it as its source.
 */
export const ixbrlExtractions = pgTable('ixbrl_extractions', {
  providerId: uuid('provider_id').notNull().references(() => providers.id),
  sha256: text('sha256').notNull(),
  companyNumber: text('company_number'),
  periodStart: date('period_start', { mode: 'string' }),
  periodEnd: date('period_end', { mode: 'string' }),
  accounts: jsonb('accounts').notNull(),
  facts: jsonb('facts').notNull(),
  readAt: at('read_at').notNull(),
}, (t) => [primaryKey({ columns: [t.providerId, t.sha256] })])

/** The regulator's requirements of a provider (the regime's powers). */
export const requirements = pgTable('requirements', {
  id: uuid('id').primaryKey(),
  providerId: uuid('provider_id').notNull().references(() => providers.id),
  kind: text('kind', { enum: ['risk_mitigation_plan', 'independent_business_review', 'information'] }).notNull(),
  detail: text('detail').notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  status: text('status', { enum: ['open', 'answered'] }).notNull(),
  requiredBy: text('required_by').notNull(),
  requiredAt: at('required_at').notNull(),
}, (t) => [index('requirements_provider_idx').on(t.providerId, t.requiredAt), index('requirements_due_idx').on(t.status, t.dueDate)])

export const requirementResponses = pgTable('requirement_responses', {
  id: uuid('id').primaryKey(),
  requirementId: uuid('requirement_id').notNull().references(() => requirements.id),
  documentReference: text('document_reference').notNull(),
  text: text('text').notNull(),
  respondedBy: text('responded_by').notNull(),
  respondedAt: at('responded_at').notNull(),
}, (t) => [index('requirement_responses_idx').on(t.requirementId, t.respondedAt)])

/** A notice to councils that a provider's failure is likely. */
export const notices = pgTable('notices', {
  id: uuid('id').primaryKey(),
  providerId: uuid('provider_id').notNull().references(() => providers.id),
  kind: text('kind', { enum: ['failure_likely'] }).notNull(),
  summary: text('summary').notNull(),
  // The return whose placements chose the councils addressed.
  returnId: uuid('return_id').references(() => annualReturns.id),
  issuedBy: text('issued_by').notNull(),
  issuedAt: at('issued_at').notNull(),
  withdrawnBy: text('withdrawn_by'),
  withdrawnAt: at('withdrawn_at'),
  withdrawalReason: text('withdrawal_reason'),
}, (t) => [index('notices_provider_idx').on(t.providerId, t.issuedAt)])

/** Each council a notice is addressed to, with its own children count, and its acknowledgement. */
export const noticeAddressees = pgTable('notice_addressees', {
  noticeId: uuid('notice_id').notNull().references(() => notices.id),
  laCode: text('la_code').notNull(),
  children: integer('children').notNull(),
  acknowledgedBy: text('acknowledged_by'),
  acknowledgedAt: at('acknowledged_at'),
}, (t) => [primaryKey({ columns: [t.noticeId, t.laCode] }), index('notice_addressees_la_idx').on(t.laCode)])

/** Where a council wants notices delivered. */
export const webhooks = pgTable('webhooks', {
  id: uuid('id').primaryKey(),
  laCode: text('la_code').notNull(),
  url: text('url').notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: at('created_at').notNull(),
}, (t) => [index('webhooks_la_idx').on(t.laCode)])

/**
 * The transactional outbox: one row per (event, webhook), written in the transaction that makes
 * the event; the delivery worker claims due rows with FOR UPDATE SKIP LOCKED.
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: uuid('id').primaryKey(),
  /** The event id a receiver de-duplicates on: the same on every attempt. */
  eventId: uuid('event_id').notNull(),
  eventType: text('event_type').notNull(),
  webhookId: uuid('webhook_id').notNull().references(() => webhooks.id),
  laCode: text('la_code').notNull(),
  payload: jsonb('payload').notNull(),
  status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: at('next_attempt_at').notNull(),
  createdAt: at('created_at').notNull(),
  deliveredAt: at('delivered_at'),
}, (t) => [
  index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt),
  uniqueIndex('webhook_deliveries_event_key').on(t.eventId, t.webhookId),
])

/** Every delivery attempt, for the council's delivery log. */
export const webhookAttempts = pgTable('webhook_attempts', {
  id: uuid('id').primaryKey(),
  deliveryId: uuid('delivery_id').notNull().references(() => webhookDeliveries.id),
  attempt: integer('attempt').notNull(),
  attemptedAt: at('attempted_at').notNull(),
  statusCode: integer('status_code'),
  error: text('error'),
  durationMs: integer('duration_ms').notNull(),
}, (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)])

/** The service's own signing keys (ES256) for webhook JWS; retired keys stay published 30 days. */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  publicJwk: jsonb('public_jwk').notNull(),
  privateJwk: jsonb('private_jwk').notNull(),
  createdAt: at('created_at').notNull(),
  retiredAt: at('retired_at'),
})

/**
 * Each Ofsted register the regulator loaded (RULES.md, "Quality indicators"), numbered 1, 2, 3… in
 * the order they committed; the register in force is the latest. Never updated: an assessment
 * records the load it read, and re-running it reads that load's settings again.
 */
export const ofstedLoads = pgTable('ofsted_loads', {
  id: integer('id').primaryKey(),
  loadedAt: at('loaded_at').notNull(),
  loadedBy: text('loaded_by').notNull(),
  // SHA-256 of the file as sent, and what it held
  sha256: text('sha256').notNull(),
  settings: integer('settings').notNull(),
  byJudgement: jsonb('by_judgement').notNull(),
})

/**
 * One load's settings, as the file gave them. No foreign key to the load: they are written only by
 * the statements of the transaction that writes it (30,000 trigger checks a load otherwise).
 */
export const ofstedSettings = pgTable('ofsted_settings', {
  loadId: integer('load_id').notNull(),
  urn: text('urn').notNull(),
  // the row of the file it came from (the header is row 1)
  row: integer('row').notNull(),
  provisionType: text('provision_type'),
  name: text('name'),
  registrationStatus: text('registration_status').notNull(),
  places: integer('places'),
  localAuthority: text('local_authority'),
  judgement: text('judgement', { enum: ['outstanding', 'good', 'requires_improvement', 'inadequate'] }),
  inspectionDate: date('inspection_date', { mode: 'string' }),
}, (t) => [primaryKey({ columns: [t.loadId, t.urn] })])

// ---- Notices by email (migration 0015).

/** The addresses a council wants notices emailed to (set whole by `PUT /v1/councils/{laCode}/contacts`). */
export const councilContacts = pgTable('council_contacts', {
  laCode: text('la_code').notNull().references(() => councils.laCode),
  email: text('email').notNull(),
  addedBy: text('added_by').notNull(),
  addedAt: at('added_at').notNull(),
}, (t) => [primaryKey({ columns: [t.laCode, t.email] })])

/**
 * The outbox's email deliveries: one row per (event, council, address), written in the transaction
 * that makes the event, as the webhook deliveries are, and claimed, retried and logged the same way.
 */
export const emailDeliveries = pgTable('email_deliveries', {
  id: uuid('id').primaryKey(),
  eventId: uuid('event_id').notNull(),
  eventType: text('event_type').notNull(),
  laCode: text('la_code').notNull(),
  email: text('email').notNull(),
  /** the template's personalisation, as sent */
  personalisation: jsonb('personalisation').notNull(),
  status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: at('next_attempt_at').notNull(),
  createdAt: at('created_at').notNull(),
  deliveredAt: at('delivered_at'),
  /** Notify's id of the notification, once it accepted it */
  notifyId: text('notify_id'),
}, (t) => [
  index('email_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  index('email_deliveries_la_idx').on(t.laCode, t.createdAt),
  uniqueIndex('email_deliveries_event_key').on(t.eventId, t.laCode, t.email),
])

/** Every attempt to hand an email to Notify, for the council's delivery log. */
export const emailAttempts = pgTable('email_attempts', {
  id: uuid('id').primaryKey(),
  deliveryId: uuid('delivery_id').notNull().references(() => emailDeliveries.id),
  attempt: integer('attempt').notNull(),
  attemptedAt: at('attempted_at').notNull(),
  statusCode: integer('status_code'),
  error: text('error'),
  durationMs: integer('duration_ms').notNull(),
}, (t) => [index('email_attempts_delivery_idx').on(t.deliveryId, t.attempt)])
