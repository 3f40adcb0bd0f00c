/** The seed cannot run here, or the API refused one of its mutations. */
export class SeedError extends Error {}
