/**
 * The parts of a SARIF 2.1.0 log the feed reads, as zod schemas. Lenient where SARIF is: unknown
 * properties are stripped (a log may carry anything in `properties` and much we do not read), and
 * lists whose items are parsed one by one (results, rules, taxa, artifacts) are kept as unknown
 * here, so that one bad item is set aside on its own. Bounded: every text, URI and list has a
 * maximum (limits.ts), so a hostile log cannot make one result cost more than a bounded amount.
 */
import { z } from 'zod';
import { SARIF_LIMITS } from './limits';

const text = z.string().max(SARIF_LIMITS.textChars);
const uri = z.string().max(SARIF_LIMITS.uriChars);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(SARIF_LIMITS.listItems);
const positive = z.number().int().min(1);

/** SARIF §3.11: plain text, markdown, or a message string of the rule named by `id`; `{n}` placeholders. */
export const SarifMessage = z.object({
  text: text.optional(),
  markdown: text.optional(),
  id: z.string().max(256).optional(),
  arguments: z.array(text).max(100).optional(),
});
export type SarifMessage = z.infer<typeof SarifMessage>;

/** §3.3: a file's text (binary content is never read). */
export const ArtifactContent = z.object({ text: z.string().max(SARIF_LIMITS.contentChars).optional(), binary: z.unknown().optional() });

/** §3.4: where a file is: a URI, maybe relative to a named base, or an index into `run.artifacts`. */
export const ArtifactLocation = z.object({
  uri: uri.optional(),
  uriBaseId: z.string().max(256).optional(),
  index: z.number().int().min(-1).optional(),
});
export type ArtifactLocation = z.infer<typeof ArtifactLocation>;

/** §3.30: a text region by lines and columns, or by character offsets. */
export const SarifRegion = z.object({
  startLine: positive.optional(),
  startColumn: positive.optional(),
  endLine: positive.optional(),
  endColumn: positive.optional(),
  charOffset: z.number().int().min(-1).optional(),
  charLength: z.number().int().min(0).optional(),
  byteOffset: z.number().int().min(-1).optional(),
  snippet: ArtifactContent.optional(),
});
export type SarifRegion = z.infer<typeof SarifRegion>;

/** §3.29. */
export const PhysicalLocation = z.object({
  artifactLocation: ArtifactLocation.optional(),
  region: SarifRegion.optional(),
  contextRegion: SarifRegion.optional(),
});
export type PhysicalLocation = z.infer<typeof PhysicalLocation>;

/** §3.28: `id` is what a message's embedded link `[text](id)` points at. */
export const SarifLocation = z.object({
  id: z.number().int().min(-1).optional(),
  physicalLocation: PhysicalLocation.optional(),
  message: SarifMessage.optional(),
});
export type SarifLocation = z.infer<typeof SarifLocation>;

/** §3.37, §3.36, §3.38: a data flow as thread flows of locations. */
export const CodeFlow = z.object({
  threadFlows: list(z.object({ locations: list(z.object({ location: SarifLocation.optional() })) })),
});

/** §3.55–3.57: a fix as replacements per file. */
export const SarifFix = z.object({
  description: SarifMessage.optional(),
  artifactChanges: list(
    z.object({
      artifactLocation: ArtifactLocation,
      replacements: list(z.object({ deletedRegion: SarifRegion, insertedContent: ArtifactContent.optional() })),
    }),
  ),
});
export type SarifFix = z.infer<typeof SarifFix>;

/** §3.35: a suppression already recorded by the tool or its result store. */
export const SarifSuppression = z.object({
  kind: z.enum(['inSource', 'external']),
  status: z.enum(['accepted', 'underReview', 'rejected']).optional(),
  justification: text.optional(),
});
export type SarifSuppression = z.infer<typeof SarifSuppression>;

/** §3.54: which tool component (driver, extension or taxonomy) a descriptor belongs to. */
export const ToolComponentReference = z.object({
  name: z.string().max(256).optional(),
  index: z.number().int().min(-1).optional(),
  guid: z.string().max(256).optional(),
});
export type ToolComponentReference = z.infer<typeof ToolComponentReference>;

/** §3.52: a reference to a rule or a taxon. */
export const DescriptorReference = z.object({
  id: z.string().max(512).optional(),
  index: z.number().int().min(-1).optional(),
  guid: z.string().max(256).optional(),
  toolComponent: ToolComponentReference.optional(),
});
export type DescriptorReference = z.infer<typeof DescriptorReference>;

const fingerprintMap = z.record(z.string().max(256), z.string().max(SARIF_LIMITS.uriChars));

/** §3.27: one result. What the mapping does not read is not here (and so is stripped). */
export const SarifResult = z.object({
  ruleId: z.string().max(512).optional(),
  ruleIndex: z.number().int().min(-1).optional(),
  rule: DescriptorReference.optional(),
  kind: z.enum(['pass', 'open', 'informational', 'notApplicable', 'review', 'fail']).optional(),
  level: z.enum(['none', 'note', 'warning', 'error']).optional(),
  message: SarifMessage,
  locations: list(SarifLocation).optional(),
  relatedLocations: list(SarifLocation).optional(),
  codeFlows: list(CodeFlow).optional(),
  fixes: list(SarifFix).optional(),
  suppressions: list(SarifSuppression).optional(),
  fingerprints: fingerprintMap.optional(),
  partialFingerprints: fingerprintMap.optional(),
  taxa: list(DescriptorReference).optional(),
  baselineState: z.enum(['new', 'unchanged', 'updated', 'absent']).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type SarifResult = z.infer<typeof SarifResult>;

const multiformat = z.object({ text: text.optional(), markdown: text.optional() });

/**
 * §3.49: a rule (or a taxon: same shape). Texts are not bounded here but cut by the mapping: a rule
 * serves many results, and a long help text is no reason to set them all aside.
 */
export const ReportingDescriptor = z.object({
  id: z.string().max(512),
  name: z.string().optional(),
  shortDescription: z.object({ text: z.string().optional() }).optional(),
  help: z.object({ text: z.string().optional(), markdown: z.string().optional() }).optional(),
  helpUri: z.string().optional(),
  defaultConfiguration: z.object({ level: z.enum(['none', 'note', 'warning', 'error']).optional() }).optional(),
  messageStrings: z.record(z.string(), multiformat).optional(),
  relationships: z.array(z.object({ target: DescriptorReference })).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type ReportingDescriptor = z.infer<typeof ReportingDescriptor>;

/**
 * An optional property of a run or tool component that is ignored when malformed (it is not worth
 * refusing a whole log over): lenient where the mapping can do without it.
 */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** §3.19: the driver, an extension, or a taxonomy. Rules and taxa are parsed when first used. */
export const ToolComponent = z.object({
  name: z.string().min(1).max(256),
  version: lenient(z.string().max(256)),
  guid: lenient(z.string().max(256)),
  rules: lenient(z.array(z.unknown())),
  taxa: lenient(z.array(z.unknown())),
  globalMessageStrings: lenient(z.record(z.string(), multiformat)),
});
export type ToolComponent = z.infer<typeof ToolComponent>;

/**
 * §3.14: one run, without its results (parsed one by one). `results` null or absent means the
 * tool did not say what it found (§3.14.23), which is not the same as finding nothing. A run
 * without a driver name is refused, as is `results` that is not a list: nothing could be said
 * about what the run found.
 */
export const SarifRun = z.object({
  tool: z.object({ driver: ToolComponent, extensions: lenient(z.array(ToolComponent).max(1000)) }),
  results: z.array(z.unknown()).nullable().optional(),
  originalUriBaseIds: lenient(z.record(z.string(), ArtifactLocation)),
  artifacts: lenient(z.array(z.unknown())),
  columnKind: lenient(z.enum(['utf16CodeUnits', 'unicodeCodePoints'])),
  taxonomies: lenient(z.array(ToolComponent).max(1000)),
  automationDetails: lenient(z.object({ id: z.string().max(1024).optional() })),
  invocations: lenient(z.array(z.object({ executionSuccessful: z.boolean().optional() }))),
});
export type SarifRun = z.infer<typeof SarifRun>;

/** §3.13: the log. Only version 2.1.0. */
export const SarifLog = z.object({
  version: z.literal('2.1.0'),
  runs: z.array(z.unknown()).max(SARIF_LIMITS.runs),
});
export type SarifLog = z.infer<typeof SarifLog>;
