// A request refused for a reason the merchant should read: not found (404), in conflict with
// what happened meanwhile (409), or not valid (422). Domain modules throw it (or a subclass
// naming their action); routes answer it with its status and message (answerRefusal).
export class Refusal extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 | 422,
  ) {
    super(message);
  }
}
