/**
 * The one credential header a browser ever sends (contract v2 section 5):
 * change-password's access token, obtained one call earlier in the same
 * submission. It lives in this module alone so that the source check can
 * prove that no other browser code builds such a header, and that no browser
 * code builds one from client credentials.
 */
export const bearer = (accessToken: string): Record<string, string> => ({ Authorization: `Bearer ${accessToken}` });
