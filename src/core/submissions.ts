/**
 * The submissions of one element (submit, "send again", ...): each created
 * with the element's callbacks, and asked together whether any is busy and
 * which failed last, for the live regions.
 */
import type { JourneyError } from '../api/errors.js';
import { Submission, type SubmissionCallbacks, type SubmissionHost } from './submission.js';

export interface SubmissionsCallbacks extends Omit<SubmissionCallbacks, 'countdownEnded'> {
  /** What to announce when a 429 wait is over. */
  waitOverText(): string;
}

export class Submissions {
  readonly #all: Submission[] = [];
  readonly #host: SubmissionHost;
  readonly #callbacks: SubmissionsCallbacks;

  constructor(host: SubmissionHost, callbacks: SubmissionsCallbacks) {
    this.#host = host;
    this.#callbacks = callbacks;
  }

  create(): Submission {
    const callbacks = this.#callbacks;
    const submission = new Submission(this.#host, {
      signal: () => callbacks.signal(),
      announce: (text) => callbacks.announce(text),
      failed: (error, fields) => callbacks.failed(error, fields),
      countdownEnded: (ended) => {
        ended.clear();
        callbacks.announce(callbacks.waitOverText());
      },
    });
    this.#all.push(submission);
    return submission;
  }

  get busy(): boolean {
    return this.#all.some((submission) => submission.busy);
  }

  /** The most recent failure still shown, if any. */
  get latestError(): JourneyError | undefined {
    return this.#all.filter((submission) => submission.error).sort((a, b) => b.failedAt - a.failedAt)[0]?.error;
  }
}
