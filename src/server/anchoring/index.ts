/** The anchor engine's public face, for the language server. */
export { anchor, anchorPrepared, prepareBase } from './anchor';
export { FileAnchors, type FileFinding, type TextEdit } from './fileAnchors';
export { BaseTexts, nodeGitRunner, type GitRunner } from './git';
export { lineHash, lineHashes } from '../../shared/lineHash';
export type { Anchor, AnchorInput, AnchorRange, AnchorState } from './types';
