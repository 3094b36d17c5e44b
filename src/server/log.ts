/**
 * Server logging. Hostile or broken clients can produce the same error on every frame, so errors that
 * come from outside are logged per cause (a reason code) and not per occurrence: the first one in
 * full, then one line at the 10th, 100th, 1000th... occurrence with the count.
 */
export interface Logger {
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

export const consoleLogger: Logger = {
	info: (message) => console.log(message),
	warn: (message) => console.warn(message),
	error: (message) => console.error(message)
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export interface CauseLogger {
	/** Logs `message` if this is the first (or 10th, 100th...) time `cause` happened. */
	report(cause: string, message: string): void;
	counts(): ReadonlyMap<string, number>;
}

export function causeLogger(log: Logger, level: 'warn' | 'error' = 'warn'): CauseLogger {
	const seen = new Map<string, number>();
	return {
		report(cause, message) {
			const count = (seen.get(cause) ?? 0) + 1;
			seen.set(cause, count);
			if (count === 1) log[level](`[${cause}] ${message}`);
			else if (Number.isInteger(Math.log10(count)))
				log[level](`[${cause}] happened ${count} times; latest: ${message}`);
		},
		counts: () => seen
	};
}
