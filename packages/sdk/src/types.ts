/** Who sent the events and from where: one per request body, so events in a batch share it. */
export interface Envelope {
  anonymousId: string;
  customer?: Customer;
  context: Context;
}

/** The customer given to identify(); resolved on the server through its identity rules. */
export interface Customer {
  externalId?: string;
  phone?: string;
  email?: string;
  name?: string;
}

/** The page or app an event came from. */
export interface Context {
  url?: string;
  referrer?: string;
  locale?: string;
  appVersion?: string;
  userAgent?: string;
}
