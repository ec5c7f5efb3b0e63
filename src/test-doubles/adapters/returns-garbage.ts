/** An adapter whose factory returns something that is not a Transport. */
export function createTransport(): unknown {
  return { name: 'half-done', send: () => undefined };
}
