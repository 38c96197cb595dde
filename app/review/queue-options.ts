// The review queue's views and sorts, shared by the page (client) and the query (server).
export const QUEUE_VIEWS = ["held", "approved", "rejected"] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
export const QUEUE_SORTS = ["score", "ordered"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
