/**
 * Work done at the next animation frame, once however often it is asked for before then: many
 * changes in one frame cost one run. Browser only (`requestAnimationFrame`).
 *
 * Invariant: after `cancel()` nothing runs until `schedule()` is called again; an owner cancels its
 * frames in its `destroy()`.
 */
export class FrameTask {
	private id = 0;

	constructor(private readonly run: () => void) {}

	/** Runs `run` at the next frame, unless it is already due then. */
	schedule(): void {
		if (this.id) return;
		this.id = requestAnimationFrame(() => {
			this.id = 0;
			this.run();
		});
	}

	/** Forgets a due run (the owner is running it now, or is going away). */
	cancel(): void {
		if (!this.id) return;
		cancelAnimationFrame(this.id);
		this.id = 0;
	}
}

/**
 * Calls `fn` after `frames` animation frames (2: once the frame after the next has started, that is
 * after whatever the next frame draws). Returns the function that cancels it.
 */
export function afterFrames(frames: number, fn: () => void): () => void {
	let id = 0;
	let cancelled = false;
	const step = (left: number) => {
		if (cancelled) return;
		if (left === 0) return fn();
		id = requestAnimationFrame(() => step(left - 1));
	};
	step(frames);
	return () => {
		cancelled = true;
		cancelAnimationFrame(id);
	};
}
