/**
 * JSON text as PHP's `json_encode` writes it by default (Laravel's `response()->json()`): `/` becomes `\/`
 * and every non-ASCII character a `\uXXXX` escape. Both can only occur inside strings, so a text pass is safe.
 */
export function phpJsonEncode(value: unknown): string {
	return JSON.stringify(value)
		.replaceAll('/', '\\/')
		.replace(/[\u0080-\uFFFF]/g, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
