import {buildDetails, type DetailsRow} from '../render/details.js';
import {resolvePipelineTarget} from '../config/target.js';
import type {AppConfig} from '../config.js';
import type {DeploymentRecord} from '../domain/records.js';

/** The details view's lines for one record: sections from render/details.ts, the pipeline's place in Coolify from the config. */
export function detailsOverlayLines(record: DeploymentRecord, config: AppConfig, now: number): Array<{text: string; tone?: DetailsRow['tone'] | 'heading'}> {
	const pipeline = config.pipelines.find(candidate => candidate.id === record.pipelineId);
	const sections = buildDetails(record, {
		now,
		coolifyBaseUrl: config.coolify.baseUrl,
		target: pipeline ? resolvePipelineTarget(config, pipeline) : null,
		secretKeys: pipeline?.secrets,
		pipelineName: pipeline?.name,
	});
	const labelWidth = Math.max(0, ...sections.flatMap(section => section.rows.map(row => row.label.length)));
	const lines: Array<{text: string; tone?: DetailsRow['tone'] | 'heading'}> = [];
	for (const section of sections) {
		if (lines.length > 0) {
			lines.push({text: ''});
		}

		lines.push({text: section.title, tone: 'heading'});
		for (const row of section.rows) {
			lines.push({text: `  ${row.label.padEnd(labelWidth)}  ${row.value}`.trimEnd(), tone: row.tone});
		}
	}

	return lines;
}
