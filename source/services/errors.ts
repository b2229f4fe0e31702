/** Bad input from the user (unknown pipeline, bad id, invalid flag value): one line with the fix. */
export class UserError extends Error {
	override name = 'UserError';
}
