// Stands in for @aws-sdk/credential-provider-node inside Lambda bundles. Lambda hands every function
// its role's credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN), which is the first link of the SDK's default chain and the one that answers
// on Lambda. The other links (SSO, profiles, web identity, the container and instance metadata
// endpoints) bring the SDK's nested STS and SSO clients, ~60 KB minified parsed at every cold start
// and never run. Outside Lambda the bundles are not used: `npm start` and the tests run the
// sources with the full chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init = {}) => fromEnv(init);
export const credentialsWillNeedRefresh = (credentials) => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials) => credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
