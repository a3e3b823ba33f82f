/** The data of a static build, provided by engine/publish/astro-build.mjs; null when served. */
declare module 'virtual:attest/site-data' {
  const data: import('../../engine/render/site-data.ts').SiteData | null;
  export default data;
}
