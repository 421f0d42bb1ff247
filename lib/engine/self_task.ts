/**
 * A function run as a task of its own on this thread's event loop: after the
 * microtasks pending and the messages already waiting, with none of the
 * clamping of timers. It is a message the thread posts to itself.
 *
 * @module
 */

/** Runs `fn` once per {@link schedule}, as a task of its own. */
export class SelfTask {
  readonly #fn: () => void;
  #channel: MessageChannel | undefined;

  /** `fn` runs at each scheduled turn. */
  constructor(fn: () => void) {
    this.#fn = fn;
  }

  /** Runs `fn` once more, on a later turn of the event loop. */
  schedule(): void {
    if (!this.#channel) {
      const channel = this.#channel = new MessageChannel();
      channel.port1.onmessage = this.#fn;
      // an unref'd port keeps no thread alive (where ports have unref)
      (channel.port1 as { unref?: () => void }).unref?.();
    }
    this.#channel.port2.postMessage(null);
  }

  /** Drops a pending turn and closes the port until the next {@link schedule}. */
  close(): void {
    this.#channel?.port1.close();
    this.#channel?.port2.close();
    this.#channel = undefined;
  }
}
