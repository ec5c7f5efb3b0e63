/** A module that is not an adapter: B24_TRANSPORT pointing here must be a configuration error. */
export const transport = 'not a factory';
