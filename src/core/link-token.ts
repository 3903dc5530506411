/**
 * The token of an emailed or texted link (activation, password reset). It is
 * read once from the address bar and removed from it at once
 * (`history.replaceState`), so that it does not stay in the history, in
 * bookmarks, in a `Referer` or in a screenshot. It is never sent on page load:
 * mail scanners open links.
 */
export function takeTokenFromUrl(param: unknown): string | undefined {
  if (typeof param !== 'string' || param === '' || typeof location === 'undefined') return undefined;
  let url: URL;
  try {
    url = new URL(location.href);
  } catch {
    return undefined;
  }
  const token = url.searchParams.get(param);
  if (token === null) return undefined;
  url.searchParams.delete(param);
  try {
    history.replaceState(history.state, '', url.href);
  } catch {
    // A sandboxed document may refuse; the token is still read once.
  }
  return token.trim() || undefined;
}

/**
 * The token of the link: the element's `token` property when set, else the
 * address bar's. The address bar loses its token either way.
 */
export function linkToken(given: unknown, param: unknown): string | undefined {
  const fromUrl = takeTokenFromUrl(param);
  return typeof given === 'string' && given.trim() ? given.trim() : fromUrl;
}

/**
 * Where the element sends the browser after a journey succeeded. One object,
 * so that tests (and hosts that route themselves) can replace `assign`.
 */
export const navigation = {
  assign(url: string): void {
    location.assign(url);
  },
};
