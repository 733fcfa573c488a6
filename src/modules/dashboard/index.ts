/** The dashboard module's face: what other modules and the composition roots may use. */
// Nothing else is shared: its routers are mounted lazily from src/routers.ts (import() of its routes files).
export {};
