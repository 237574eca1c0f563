// The loading screen's words for a start that failed: what failed, in the user's language,
// and the technical words (a file name, the browser's error) apart, labelled as such.
import { t, type MessageKey } from './i18n.svelte'

const KNOWN = new Set(['engine_files', 'worker_failed', 'start_timeout', 'migrations_unknown'])

export function startErrorText(message: string): { text: string; detail: string | null } {
  const m = /^([a-z_]+):\s*([\s\S]*)$/.exec(message.trim())
  // an API error may wrap the start's message once more (backend_unavailable: engine_files: …)
  const inner = m && !KNOWN.has(m[1]) ? /^([a-z_]+):\s*([\s\S]*)$/.exec(m[2]) : null
  const [code, detail] = inner && KNOWN.has(inner[1]) ? [inner[1], inner[2]] : m ? [m[1], m[2]] : ['unknown', message]
  if (!KNOWN.has(code)) return { text: t('loading.error.unknown'), detail: message || null }
  return { text: t(`loading.error.${code}` as MessageKey), detail: detail || null }
}
