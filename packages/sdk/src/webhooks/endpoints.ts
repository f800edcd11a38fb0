/** Where a shop sends its events: an HTTPS (or, for local tests, HTTP) URL, the secret it signs with, and which event types. */
export interface WebhookEndpoint {
  /** Stable name of the endpoint; deliveries and dead letters are keyed by it. */
  readonly id: string;
  readonly url: string;
  /** Shared with the receiver, at least 16 characters; required, there is no default. */
  readonly secret: string;
  /** Event types to send, or '*' for every event. */
  readonly events: readonly string[] | '*';
}

export const MIN_SECRET_LENGTH = 16;

/** Refuses endpoints that could not work or would be unsafe, at configuration time rather than at the first event. */
export const checkEndpoints = (endpoints: readonly WebhookEndpoint[]): void => {
  const ids = new Set<string>();
  for (const endpoint of endpoints) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(endpoint.id)) throw new TypeError(`webhook endpoint id ${JSON.stringify(endpoint.id)} must be 1-64 letters, digits, '_', '.' or '-'`);
    if (ids.has(endpoint.id)) throw new TypeError(`webhook endpoint id ${endpoint.id} is used twice`);
    ids.add(endpoint.id);
    let url: URL;
    try {
      url = new URL(endpoint.url);
    } catch {
      throw new TypeError(`webhook endpoint ${endpoint.id}: ${JSON.stringify(endpoint.url)} is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`webhook endpoint ${endpoint.id}: only http(s) URLs`);
    if (typeof endpoint.secret !== 'string' || endpoint.secret.length < MIN_SECRET_LENGTH) {
      throw new TypeError(`webhook endpoint ${endpoint.id}: the secret must have at least ${MIN_SECRET_LENGTH} characters`);
    }
    if (endpoint.events !== '*' && (!Array.isArray(endpoint.events) || endpoint.events.length === 0)) {
      throw new TypeError(`webhook endpoint ${endpoint.id}: events must be '*' or a non-empty list of event types`);
    }
  }
};

export const wants = (endpoint: WebhookEndpoint, type: string): boolean => endpoint.events === '*' || endpoint.events.includes(type);
