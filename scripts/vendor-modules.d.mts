export const VENDOR_MODULES: Record<string, { entry: string; pkg: string }>;
export function buildVendorModules(options?: { force?: boolean }): Promise<void>;
