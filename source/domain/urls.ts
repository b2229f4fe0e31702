/** The first URL of Coolify's comma-separated `fqdn`. */
export function firstUrl(fqdn: string | null | undefined): string | null {
	const first = fqdn
		?.split(',')
		.map(part => part.trim())
		.find(Boolean);
	return first ?? null;
}
