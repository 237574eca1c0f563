// The import's parser, off the main thread: JSON.parse of a 20 MB file, a Shapefile's
// unzip and reprojection and a damaged file's worst case all run here, so the page keeps
// answering. The client (read-in-worker.ts) ends this worker when it takes too long.
// Answers: { ok: true, result } or { ok: false, error } with an ImportFileError's code and
// vars (its locale text is the app's), or code 'parse_failed' with the library's words as
// technical detail.
import { ImportFileError } from './candidates'
import { isSourceCrs } from './coordinate-systems'
import { readZoneBytes } from './read-file'
import type { ParseRequest, ParseAnswer } from './parse-protocol'

self.onmessage = async (event: MessageEvent<ParseRequest>) => {
  const { name, bytes, defaultUnit, crs } = event.data
  let answer: ParseAnswer
  try {
    const result = await readZoneBytes(name, new Uint8Array(bytes), { defaultUnit, crs: isSourceCrs(crs) ? crs : 'wgs84' })
    answer = { ok: true, result }
  } catch (e) {
    answer = e instanceof ImportFileError
      ? { ok: false, code: e.code, vars: e.vars }
      : { ok: false, code: 'parse_failed', vars: { reason: String((e as Error)?.message ?? e).slice(0, 120) } }
  }
  self.postMessage(answer)
}
