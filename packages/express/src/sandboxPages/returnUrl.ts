/**
 * Where the browser may be sent back: the URL the shop gave when it started the payment, only if it is an absolute
 * http or https URL without credentials. Anything else (javascript:, data:, a relative path) is refused: null.
 */
export const safeReturnUrl = (raw: string | undefined): URL | null => {
  if (raw === undefined || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url;
};
