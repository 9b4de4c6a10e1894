/** How names of classes and functions say which concept they are about. */

/**
 * The words that mark a second implementation of a concept rather than another concept, in one
 * table (docs/rules/duplicate-implementation.md lists it; a test checks every entry is stripped).
 * `UnifiedWebSocketManager`, `_WebSocketManagerImpl`, `WebSocketManagerV2`, `ResilientClient`,
 * `ClientAdapter` → the concept `websocketmanager` / `client`. A leading `_` and a trailing version
 * number (`V2`, `2`) are decorations too.
 */
export const NAME_DECORATIONS = {
  prefixes: [
    'basic', 'better', 'canonical', 'compat', 'compatible', 'consolidated', 'default', 'enhanced', 'improved',
    'isolated', 'legacy', 'modern', 'new', 'next', 'old', 'primary', 'real', 'resilient', 'simple', 'ssot',
    'standard', 'unified',
  ],
  suffixes: ['adapter', 'class', 'compat', 'impl', 'implementation', 'legacy', 'new', 'old', 'unified'],
} as const;

const PREFIXES: ReadonlySet<string> = new Set(NAME_DECORATIONS.prefixes);
const SUFFIXES: ReadonlySet<string> = new Set(NAME_DECORATIONS.suffixes);

function words(name: string): string[] {
  return name
    .replace(/^[_$#]+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** `UnifiedWebSocketManager`, `_WebSocketManagerImpl`, `WebSocketManagerV2` → `websocketmanager`. */
export function conceptKey(name: string): string {
  const w = words(name);
  while (w.length > 1 && PREFIXES.has(w[0]!)) w.shift();
  while (w.length > 1 && (SUFFIXES.has(w[w.length - 1]!) || /^v?\d+$/.test(w[w.length - 1]!))) w.pop();
  // `WebSocket` and `Websocket` are one word to a reader.
  return w.join('');
}

/** The noun a name is about, decorations dropped: `GatewayImpl`, `PaymentGateway` → `gateway`. */
export function headWord(name: string): string {
  const w = words(name);
  while (w.length > 1 && (SUFFIXES.has(w[w.length - 1]!) || /^v?\d+$/.test(w[w.length - 1]!))) w.pop();
  return w[w.length - 1] ?? '';
}

/**
 * Two class names for one concept: the same once decorations are dropped, or one a specialised
 * spelling of the other (`RetryingBillingClient` / `BillingClient`).
 */
export function sameConcept(a: string, b: string): boolean {
  const ka = conceptKey(a);
  const kb = conceptKey(b);
  if (ka === kb) return true;
  const [short, long] = ka.length < kb.length ? [ka, kb] : [kb, ka];
  return short.length >= 4 && long.endsWith(short);
}
