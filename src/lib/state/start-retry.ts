// A start that failed tries again by itself, after a countdown the start-up screen shows: a
// command-centre wall has nobody at it to press Retry, and a server that was down for a minute
// should not leave a screen dark until someone notices. The delay doubles with each failed
// start in a row (kept for the tab in sessionStorage, since a retry reloads the page) up to
// five minutes, so a long outage is not hammered; a start that succeeds resets it.
const KEY = 'gridgov.failed-starts'
const MAX_S = 300

/** Seconds until the next try: the wall from 10 s, the workspace from 30 s (someone may be reading the message). */
export function retryDelaySeconds(wall: boolean): number {
  const failed = Number(sessionStorage.getItem(KEY) ?? 0)
  return Math.min(MAX_S, (wall ? 10 : 30) * 2 ** Math.min(failed, 8))
}

/** This start failed: the next one waits longer. */
export function startFailed() {
  sessionStorage.setItem(KEY, String(Number(sessionStorage.getItem(KEY) ?? 0) + 1))
}

/** This start succeeded: the next failure starts the countdown from its shortest again. */
export function startSucceeded() {
  sessionStorage.removeItem(KEY)
}
