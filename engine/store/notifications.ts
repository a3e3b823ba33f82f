import type { NotificationRow } from './schema.ts';

export type { NotificationRow };

/** Change notices sent (or tried) per publication and subscriber. */
export interface Notifications {
  /** Each subscriber's notification status for one publication. */
  statusesFor(publicationId: number): Promise<Map<number, NotificationRow['status']>>;
  /** Records an attempt, replacing an earlier one for the same publication and subscriber. */
  record(notification: Omit<NotificationRow, 'id'>): Promise<void>;
  /** Every notification, by subscriber id. */
  list(): Promise<NotificationRow[]>;
}
