// The start screen while the spatial database opens, and why it failed. English; the keys are those of ../zh-CN/loading.ts, checked by the type.
import type { loading as zh } from '../zh-CN/loading'

export const loading: Record<keyof typeof zh, string> = {
  'loading.title': 'Starting the spatial database',
  'loading.loading_postgis': 'Loading the database engine and PostGIS',
  'loading.opening_database': 'Opening the database on this device',
  'loading.applying_migrations': 'Upgrading the database',
  'loading.loading_demo_data': 'Loading the Jianhua District demo data',
  'loading.compact': 'Loading the database',
  'loading.ready': 'Ready',
  'loading.joining_other_tab': 'Connecting to the database another tab has open on this device',
  'loading.failed': 'The database failed to start: {message}',
  'loading.retry': 'Retry',
  'loading.retry_in': 'Retrying by itself in {seconds} s',
  'loading.creating_database': 'First start: creating tables and spatial functions',
  'loading.first_start_note': 'The first start copies the demo spatial database onto this device (usually 10–30 seconds); later starts read it from this device.',
  'loading.elapsed': '{seconds} s elapsed',
  'loading.reset': 'Reset local data and retry',
  'loading.failed_title': 'The database could not start',
  'loading.error.engine_files': 'The database engine\'s files did not load, so the page cannot start its spatial database on this computer.',
  'loading.error.worker_failed': 'The database\'s background process could not start, or stopped while starting.',
  'loading.error.start_timeout': 'The database made no progress for a long time while starting; the page stopped waiting.',
  'loading.error.unknown': 'The database cannot start.',
  'loading.error.migrations_unknown': 'The database saved on this computer comes from another version of the app and cannot be upgraded; reset the local data to use this version (changes made on this computer are lost).',
  'loading.what_next': 'Check the network connection (or ask the system administrator whether the server is up), then press Retry. Data already saved on this computer is not affected.',
  'loading.technical': 'Technical detail: {detail}',
}
