/** The unsubscribe module's face: the one GET/POST pair every email's unsubscribe link points at. */
// Nothing else is shared: its routers are mounted lazily from src/routers.ts (import() of its routes files).
export {};
