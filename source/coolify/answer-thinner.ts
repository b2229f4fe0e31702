/**
 * Thins an answer's text as it streams in: what `feed` returns is kept, in order, then what `finish` returns.
 * The transport decodes each chunk and hands it here, so what is thinned away is never held whole.
 */
export type AnswerThinner = {
	feed(text: string): string;
	finish(): string;
	/** Characters fed so far that will never be kept: the answer cap does not count them. */
	readonly droppedLength: number;
};
