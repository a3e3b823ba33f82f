/** The data of a static build, provided by engine/publish/site-data-module.ts; null when served. */
declare module 'virtual:attest/site-data' {
  const data: import('../../engine/render/site-data.ts').SiteData | null;
  export default data;
}
