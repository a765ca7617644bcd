/** Prefixes of Bedrock's cross-region inference profiles ("us.anthropic.…", "global.anthropic.…"). */
const INFERENCE_PROFILE_PREFIXES = ['us', 'eu', 'apac', 'jp', 'au', 'ca', 'us-gov', 'global'];

export interface ModelArns {
  /** ARNs the agent role may call `bedrock:InvokeModel*` on. */
  resources: string[];
  /** True when the id names an inference profile, whose requests may be served in other regions. */
  crossRegion: boolean;
}

/**
 * The exact ARNs a Converse call on `modelId` is authorised against.
 *
 * A plain foundation-model id needs only that model in this region. An inference profile is
 * authorised twice: on the profile in this account and region, and on the underlying
 * foundation model in whichever region the profile routes to — so that model ARN carries a
 * region wildcard (Bedrock decides the region per request; the model name stays exact).
 *
 * @example modelArns('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws', 'us-east-1', '123456789012')
 */
export function modelArns(modelId: string, partition: string, region: string, account: string): ModelArns {
  const [prefix, ...rest] = modelId.split('.');
  if (prefix !== undefined && INFERENCE_PROFILE_PREFIXES.includes(prefix) && rest.length >= 2) {
    const foundationModelId = rest.join('.');
    return {
      crossRegion: true,
      resources: [
        `arn:${partition}:bedrock:${region}:${account}:inference-profile/${modelId}`,
        `arn:${partition}:bedrock:*::foundation-model/${foundationModelId}`,
      ],
    };
  }
  return { crossRegion: false, resources: [`arn:${partition}:bedrock:${region}::foundation-model/${modelId}`] };
}
