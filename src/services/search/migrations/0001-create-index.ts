import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * The search index: one row per record (what the last registry event said of it), the name tokens of the people it
 * names, and exact keys (tracking id, registration number, identity numbers, phones, duplicate blocking keys). Names
 * are matched with typing errors through `name_variants`: every name and each of its one-letter deletions, so that
 * two names within about two edits share a variant (the symmetric-deletion method), found by an index lookup.
 */
export const createIndex: Migration = {
  name: '0001-create-index',
  async up(db, schema) {
    const t = (name: string) => sql.id(schema, name);
    await sql`create table ${t('records')} (
      record_id uuid primary key,
      event_type text not null,
      tracking_id text not null,
      registration_number text,
      status text not null,
      potential_duplicate boolean not null default false,
      area_code text,
      area_path text[] not null,
      office text,
      event_date date,
      declared_at timestamptz,
      registered_at timestamptz,
      updated_at timestamptz not null,
      version integer not null,
      data jsonb not null
    )`.execute(db);
    await sql`create index records_tracking on ${t('records')} (tracking_id)`.execute(db);
    await sql`create index records_area_path on ${t('records')} using gin (area_path)`.execute(db);
    await sql`create index records_event_date on ${t('records')} (event_type, event_date)`.execute(db);
    await sql`create table ${t('terms')} (
      record_id uuid not null,
      role text not null,
      part text not null,
      token text not null,
      position smallint not null
    )`.execute(db);
    await sql`create index terms_token on ${t('terms')} (token, record_id)`.execute(db);
    await sql`create index terms_record on ${t('terms')} (record_id)`.execute(db);
    await sql`create table ${t('names')} (
      token text primary key,
      phonetic text not null
    )`.execute(db);
    await sql`create index names_phonetic on ${t('names')} (phonetic)`.execute(db);
    await sql`create table ${t('name_variants')} (
      variant text not null,
      token text not null,
      primary key (variant, token)
    )`.execute(db);
    await sql`create table ${t('keys')} (
      key text not null,
      record_id uuid not null,
      primary key (key, record_id)
    )`.execute(db);
    await sql`create index keys_record on ${t('keys')} (record_id)`.execute(db);
    await sql`create table ${t('event_types')} (
      id text not null,
      version integer not null,
      definition jsonb not null,
      primary key (id, version)
    )`.execute(db);
    // Fitted duplicate-detection models, per event type: the newest is used.
    await sql`create table ${t('models')} (
      event_type text not null,
      fitted_at timestamptz not null default now(),
      records integer not null,
      pairs integer not null,
      parameters jsonb not null,
      primary key (event_type, fitted_at)
    )`.execute(db);
    // Where a reindex stands, so that one cut off resumes.
    await sql`create table ${t('reindex')} (
      id integer primary key,
      started_at timestamptz not null,
      after_record uuid,
      done integer not null default 0,
      total integer not null default 0,
      finished_at timestamptz
    )`.execute(db);
  },
};
