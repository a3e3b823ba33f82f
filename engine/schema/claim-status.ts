/** Every status a claim can have (ARCHITECTURE.md, "Claim statuses"), strongest first. */
export const claimStatuses = [
  'verified',
  'attested',
  'inherited',
  'unverified',
  'failing',
  'in-progress',
  'planned',
  'not-applicable',
] as const;

/** The status a claim is shown with. */
export type ClaimStatus = (typeof claimStatuses)[number];

/** The statuses a published claim can have: a failing claim is never published. */
export const publishedClaimStatuses = claimStatuses.filter(
  (status): status is Exclude<ClaimStatus, 'failing'> => status !== 'failing',
);
