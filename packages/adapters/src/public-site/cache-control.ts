// The Cache-Control every public artefact gets, on S3 and in the local folder alike.
/** Immutable artefacts (signed credentials, baked images) never change under their path; the rest briefly. */
export function cacheControlFor(immutable: boolean): string {
  return immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
}
