import {describe, expect, it} from 'vitest';
import {call, createImageApp, useSimulator} from './support.js';

describe('simulator: application environment variables', () => {
	const context = useSimulator();

	it('upserts in bulk by key and answers 201 with the variables', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const first = await call(sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {
			body: {data: [{key: 'A', value: '1', is_preview: false, is_literal: true, is_multiline: false, is_shown_once: false}, {key: 'B', value: '2'}]},
		});
		expect(first.status).toBe(201);
		expect(first.json).toEqual([
			expect.objectContaining({key: 'A', value: '1', real_value: '1', is_literal: true, is_preview: false, uuid: expect.any(String)}),
			expect.objectContaining({key: 'B', value: '2'}),
		]);
		const second = await call(sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {body: {data: [{key: 'A', value: 'changed'}, {key: 'C', value: '3'}]}});
		expect(second.json.map((env: {key: string}) => env.key)).toEqual(['A', 'C']);
		const list = await call(sim, 'GET', `/applications/${uuid}/envs`);
		expect(list.json.map((env: {key: string; value: string}) => `${env.key}=${env.value}`)).toEqual(['A=changed', 'B=2', 'C=3']);
		expect(list.json[0].uuid).toBe(first.json[0].uuid);
	});

	it('drops unknown item keys silently but validates known ones', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		expect((await call(sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {body: {data: [{key: 'A', value: 'x', colour: 'red'}]}})).status).toBe(201);
		const invalid = await call(sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {body: {data: [{key: 'A', value: 'x', is_literal: 'maybe'}]}});
		expect(invalid.status).toBe(422);
		expect(invalid.json.errors).toEqual({is_literal: ['The is literal field must be true or false.']});
		const missing = await call(sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {body: {data: []}});
		expect(missing.status).toBe(400);
	});

	it('hides values without read:sensitive', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		await call(sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {body: {data: [{key: 'SECRET', value: 'hunter2'}]}});
		sim.control.setAbilities(['read']);
		const list = await call(sim, 'GET', `/applications/${uuid}/envs`);
		expect(list.json[0].key).toBe('SECRET');
		expect(list.json[0]).not.toHaveProperty('value');
		expect(list.text).not.toContain('hunter2');
	});

	it('never sends a locked (shown once) value, even with read:sensitive', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const saved = await call(sim, 'PATCH', `/applications/${uuid}/envs/bulk`, {body: {data: [{key: 'LOCKED', value: 'hunter2', is_shown_once: true}, {key: 'OPEN', value: 'visible'}]}});
		const list = await call(sim, 'GET', `/applications/${uuid}/envs`);
		for (const answer of [saved, list]) {
			expect(answer.json[0]).toMatchObject({key: 'LOCKED', is_shown_once: true});
			expect(answer.json[0]).not.toHaveProperty('value');
			expect(answer.json[0]).not.toHaveProperty('real_value');
			expect(answer.json[1]).toMatchObject({key: 'OPEN', value: 'visible', real_value: 'visible'});
			expect(answer.text).not.toContain('hunter2');
		}
	});

	it('creates one variable (409 when it exists), updates and deletes it', async () => {
		const {sim} = context;
		const uuid = await createImageApp(sim);
		const created = await call(sim, 'POST', `/applications/${uuid}/envs`, {body: {key: 'ONE', value: '1'}});
		expect(created.status).toBe(201);
		expect(created.json).toEqual({uuid: expect.any(String)});
		expect((await call(sim, 'POST', `/applications/${uuid}/envs`, {body: {key: 'ONE', value: '1'}})).status).toBe(409);
		expect((await call(sim, 'POST', `/applications/${uuid}/envs`, {body: {key: 'TWO', value: '2', colour: 'x'}})).status).toBe(422);
		const updated = await call(sim, 'PATCH', `/applications/${uuid}/envs`, {body: {key: 'ONE', value: 'uno'}});
		expect(updated.status).toBe(201);
		expect(updated.json).toMatchObject({key: 'ONE', value: 'uno'});
		const deleted = await call(sim, 'DELETE', `/applications/${uuid}/envs/${created.json.uuid}`);
		expect(deleted.json).toEqual({message: 'Environment variable deleted.'});
		expect((await call(sim, 'DELETE', `/applications/${uuid}/envs/${created.json.uuid}`)).status).toBe(404);
	});
});
