/** Tessera's version, as package.json says (a test keeps the two equal); model files record it. */
export const TESSERA_VERSION = '0.1.0';
