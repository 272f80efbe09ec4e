// Public sites: S3 on AWS, a local folder (served by the local gateway) otherwise.
export { createS3PublicSite, type S3PublicSiteOptions } from './s3-public-site.ts';
export { createFolderPublicSite, contentTypeFromExtension, onFolderRewrite, type FolderPublicSite, type FolderPublicSiteOptions, type PublicFile } from './folder-public-site.ts';
export { cacheControlFor } from './cache-control.ts';
