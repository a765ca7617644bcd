import { ContextError } from './context-error.ts';

/** The Claude model Nudge uses, without its inference-profile prefix. */
export const DEFAULT_FOUNDATION_MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

/**
 * Geo inference-profile prefix by region family. A profile only serves callers in its own geography
 * ("us." fails from eu-west-1), so the default follows the deploy region instead of being fixed.
 */
const PROFILE_PREFIX_BY_REGION_FAMILY: ReadonlyArray<[RegExp, string]> = [
  [/^us-(east|west)-\d+$/, 'us'],
  [/^eu-[a-z]+-\d+$/, 'eu'],
  [/^ap-[a-z]+-\d+$/, 'apac'],
];

/**
 * The default model id for a deploy region: `us.`/`eu.`/`apac.` + {@link DEFAULT_FOUNDATION_MODEL}.
 * @throws ContextError when the region is unknown (nothing to choose from) or has no profile Nudge knows.
 * @example defaultModelFor('eu-west-1') // 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0'
 */
export function defaultModelFor(region: string | undefined): string {
  if (!region) {
    throw new ContextError(
      'region',
      'The model default follows the deploy region, and none is set: set AWS_REGION (or a region in your AWS profile), or pass -c region=<region>, or name the model with -c modelId=<id>.',
    );
  }
  const found = PROFILE_PREFIX_BY_REGION_FAMILY.find(([family]) => family.test(region));
  if (!found) {
    throw new ContextError(
      'modelId',
      `Region ${region} has no Claude inference profile Nudge knows (us., eu., apac.): deploy with -c modelId=<a model or inference-profile id enabled in ${region}>, or deploy to a US, EU or Asia-Pacific region.`,
    );
  }
  return `${found[1]}.${DEFAULT_FOUNDATION_MODEL}`;
}
