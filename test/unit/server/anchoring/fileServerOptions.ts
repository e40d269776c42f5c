/**
 * An options type of a file server whose `download?: any` is the line the anchoring issue saw edited
 * in place (written for these tests, not taken from any project). Shared by the unit tests and the
 * hand-written corpus cases (test/fixtures/anchoring/issueCases.ts).
 */
export const FILE_SERVER_OPTIONS = [
  'import type { Request } from "./request";',
  '',
  '/** How the file server answers. */',
  'export interface FileServerOptions {',
  '  root?: string',
  '  index?: string | false',
  '  download?: any',
  '  onServed?: (path: string, request: Request) => void | Promise<void>',
  '  onMissing?: (path: string, request: Request) => void | Promise<void>',
  '}',
  '',
  'export const defaults: FileServerOptions = { root: "./public", index: "index.html" };',
  '',
];
