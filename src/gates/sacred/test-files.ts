/** Which sacred files the JS/TS parser reads (the others are locked by hash only). Pure, and cheap to load. */
const JS_EXT = /\.(?:[cm]?[jt]sx?)$/;

export function isParseable(fileName: string): boolean {
  return JS_EXT.test(fileName) && !fileName.endsWith('.d.ts');
}
