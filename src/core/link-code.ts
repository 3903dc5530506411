/**
 * The code of an emailed link (password reset, contract section 5). It is
 * read once from the address bar and removed from it at once
 * (`history.replaceState`), so that it does not stay in the history, in
 * bookmarks, in a `Referer` or in a screenshot. It is never sent on page
 * load: mail scanners open links, and the code goes with the user's new
 * password only.
 */
export function takeCodeFromUrl(param: unknown): string | undefined {
  if (typeof param !== 'string' || param === '' || typeof location === 'undefined') return undefined;
  let url: URL;
  try {
    url = new URL(location.href);
  } catch {
    return undefined;
  }
  const code = url.searchParams.get(param);
  if (code === null) return undefined;
  url.searchParams.delete(param);
  try {
    history.replaceState(withoutRouterMarks(history.state), '', url.href);
  } catch {
    // A sandboxed document may refuse; the code is still read once.
  }
  return code.trim() || undefined;
}

/**
 * The page's history state without the marks by which Next.js's router knows
 * its own `replaceState` calls (`__NA`, `_N`): Next ignores a call that
 * carries them, so its router would keep the address with the code and write
 * it back on the next `router.refresh()`. Without them, Next takes the new
 * address up as its own (and adds back its internal state itself).
 */
function withoutRouterMarks(state: unknown): unknown {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return state;
  const { __NA, _N, ...rest } = state as Record<string, unknown>;
  return __NA === undefined && _N === undefined ? state : rest;
}
