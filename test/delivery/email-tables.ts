// The email outbox's tables, as drizzle-kit generates them from src/db/schema.ts: their migration
// is pending (another change owns the next number). Until it lands, the tests of the email channel
// create them on their own database; once it has, this is a no-op and can go.
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../src/db/client.js'
import type { App } from '../../src/app.js'

const STATEMENTS = [
  `CREATE TABLE "council_contacts" (
	"la_code" text NOT NULL,
	"email" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "council_contacts_la_code_email_pk" PRIMARY KEY("la_code","email")
);`,
  `CREATE TABLE "email_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);`,
  `CREATE TABLE "email_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"la_code" text NOT NULL,
	"email" text NOT NULL,
	"personalisation" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"notify_id" text
);`,
  `ALTER TABLE "council_contacts" ADD CONSTRAINT "council_contacts_la_code_councils_la_code_fk" FOREIGN KEY ("la_code") REFERENCES "public"."councils"("la_code") ON DELETE no action ON UPDATE no action;`,
  `ALTER TABLE "email_attempts" ADD CONSTRAINT "email_attempts_delivery_id_email_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."email_deliveries"("id") ON DELETE no action ON UPDATE no action;`,
  `CREATE INDEX "email_attempts_delivery_idx" ON "email_attempts" USING btree ("delivery_id","attempt");`,
  `CREATE INDEX "email_deliveries_due_idx" ON "email_deliveries" USING btree ("status","next_attempt_at");`,
  `CREATE INDEX "email_deliveries_la_idx" ON "email_deliveries" USING btree ("la_code","created_at");`,
  `CREATE UNIQUE INDEX "email_deliveries_event_key" ON "email_deliveries" USING btree ("event_id","la_code","email");`,
]

/** Creates the email tables on the app's database unless they are there. */
export async function createEmailTables(app: App) {
  const [row] = rowsOf<{ present: boolean }>(await app.db.execute(sql`select to_regclass('email_deliveries') is not null as present`))
  if (row?.present) return
  await app.db.transaction(async (tx) => {
    for (const statement of STATEMENTS) await tx.execute(sql.raw(statement))
  })
}
