// Why the embedded database did not start, as a coded message the loading screen translates.
//
// PGlite fetches its engine files (pglite.wasm, pglite.data, the PostGIS bundle) itself; when
// one of those requests fails, PGlite.create neither resolves nor rejects (Emscripten's
// loader gives up inside, with an unhandled "Failed to fetch"), and the loading screen waited
// forever. So the worker's fetch is watched from the first moment: a failed or refused request
// for an engine file ends the start at once with `engine_files: <file> (<why>)`. The prepared
// demo database (demo-db.tar.gz) is not an engine file: without it the worker builds the
// database from the migrations instead, so its failure must not end the start.
const ENGINE_FILE = /\.(wasm|data)(\?|$)|postgis[^/]*\.tar|\.tar\.gz(\?|$)/i
const NOT_ENGINE = /demo-db\.tar\.gz/i

const fileName = (url: string) => decodeURIComponent(url.split('?')[0].split('/').pop() || url)

/** Start codes the loading screen knows (`<code>: <technical detail>`). */
export type StartFailureCode = 'engine_files' | 'worker_failed' | 'start_timeout'

export const startFailure = (code: StartFailureCode, detail: string) => `${code}: ${detail}`

/**
 * Wrap this worker's fetch: when a request for an engine file fails, call `onFailure` once
 * with the coded message. Call before anything fetches.
 */
export function watchEngineFiles(onFailure: (message: string) => void): void {
  const original = globalThis.fetch.bind(globalThis)
  let told = false
  const fail = (url: string, why: string) => {
    if (told || !ENGINE_FILE.test(url) || NOT_ENGINE.test(url)) return
    told = true
    onFailure(startFailure('engine_files', `${fileName(url)} (${why})`))
  }
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    try {
      const res = await original(input, init)
      if (!res.ok) fail(url, `HTTP ${res.status}`)
      return res
    } catch (e) {
      fail(url, String((e as Error)?.message ?? e))
      throw e
    }
  }
}
