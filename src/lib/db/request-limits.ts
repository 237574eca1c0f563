// The size of a request, refused before it is sent: a million-vertex shape or a 100,000-
// character search costs seconds to serialise and parse before any SQL check can look at
// it. Every limit inside the API is far below these (5,000 vertices a zone, 500 features an
// import, 100 characters a search), so nothing legitimate comes near them; they bound the
// cost of the walk itself (it stops at the first value over).

/** More JSON values (numbers, strings, array and object entries) than any API call takes. */
export const MAX_REQUEST_VALUES = 500_000
/** More characters, all strings together, than any API call takes. */
export const MAX_REQUEST_CHARS = 1_000_000

export class RequestTooLarge extends Error {
  readonly hint = 'request_too_large'
  constructor() {
    super('request_too_large: 请求内容过大，已拒绝（未发送、未保存任何内容）')
  }
}

/** Throws RequestTooLarge when the arguments exceed the limits; cheap, stops early. */
export function refuseOversizedArguments(args: Record<string, unknown>): void {
  let values = 0
  let chars = 0
  const stack: unknown[] = [args]
  while (stack.length) {
    const v = stack.pop()
    if (++values > MAX_REQUEST_VALUES) throw new RequestTooLarge()
    if (typeof v === 'string') {
      chars += v.length
      if (chars > MAX_REQUEST_CHARS) throw new RequestTooLarge()
    } else if (Array.isArray(v)) {
      if (values + v.length > MAX_REQUEST_VALUES) throw new RequestTooLarge()
      for (const x of v) stack.push(x)
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) { chars += k.length; stack.push(x) }
    }
  }
}
