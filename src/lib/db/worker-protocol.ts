// Messages between the app and the database worker. Requests carry an id; the worker
// answers each once, and reports start-up progress as it goes.

export type WorkerRequest =
  | { id: number; type: 'rpc'; name: string; args: Record<string, unknown>; userId: string | null }
  | { id: number; type: 'reset' }

export type StartStage = 'loading_postgis' | 'opening_database' | 'applying_migrations' | 'loading_demo_data' | 'ready'

export type WorkerMessage =
  | { type: 'progress'; stage: StartStage; done: number; total: number }
  | { type: 'fatal'; message: string }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; detail?: string; hint?: string; fatal?: boolean } }
