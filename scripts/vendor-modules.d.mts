export const VENDOR_MODULES: Record<string, { entry: string; pkg: string; exports?: "default" | string[] }>;
export function buildVendorModules(options?: { force?: boolean }): Promise<void>;
