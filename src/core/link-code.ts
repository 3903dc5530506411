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
    history.replaceState(history.state, '', url.href);
  } catch {
    // A sandboxed document may refuse; the code is still read once.
  }
  return code.trim() || undefined;
}
