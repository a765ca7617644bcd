export { ssmSecretSource, type SsmSecretSourceOptions } from './ssm-secrets.ts';
