// Picture Modeling Job → Create through WorkflowExecute against the emulator: a photo in binary data
// goes to MetaStudio as a streamed multipart form, signed as Huawei's SDK signs one (AK/SK with
// UNSIGNED-PAYLOAD, and an IAM token), with a style from the Style picker; the job is waited for on
// the shared machinery and its model_asset_id makes a Video → Create. A job that fails is an error
// with Huawei's reason; Continue On Fail keeps one item per input item.
'use strict';
const crypto = require('node:crypto');
const { startEmulator, DEMO } = require('../../emulator');
const {
	runWorkflow,
	metaStudioWorkflow,
	listSearch,
	shutdown,
} = require('../../harness/in-process');
const { credentialsFor } = require('../../harness/credentials');

let emu;
beforeAll(async () => {
	emu = await startEmulator({
		port: 0,
		quiet: true,
		rates: false,
		pictureModelingWaitMs: 100,
		pictureModelingMs: 400,
		videoWaitMs: 100,
		videoRenderMs: 300,
	});
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

// a 1×1 PNG
const PHOTO = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
	'base64',
);
const byId = (value) => ({ __rl: true, mode: 'id', value });
const photo = {
	data: { base64: PHOTO.toString('base64'), fileName: 'anna.png', mimeType: 'image/png' },
};

async function run(items, parameters = {}, kind = 'accessKey') {
	const result = await runWorkflow(
		metaStudioWorkflow(
			items,
			{
				resource: 'pictureModelingJob',
				operation: 'create',
				name: '={{ $json.name }}',
				styleId: byId('system_female_001'),
				waitMode: 'poll',
				options: {},
				additionalFields: {},
				...parameters,
			},
			{ onError: 'continueRegularOutput' },
		),
		{ credentials: credentialsFor(emu.url, kind) },
	);
	return { ...result, output: result.out('MetaStudio') };
}

const forms = () =>
	emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/picture-modelings'));

test('the Style picker lists the published styles that model from photos', async () => {
	const { results } = await listSearch('searchStyles', '', {
		credentials: credentialsFor(emu.url),
	});
	const ids = results.map((r) => r.value);
	expect(ids).toEqual(expect.arrayContaining(['system_male_001', 'system_female_001']));
	for (const r of results) expect(r.name).toMatch(/\S/);
});

test.each(['accessKey', 'token'])(
	'a photo becomes a digital human (%s): the form streamed and signed, the job waited for, its model makes a video',
	async (kind) => {
		const { output, error } = await run([{ name: 'Anna', $binary: photo }], {}, kind);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		expect(output[0]).toMatchObject({
			state: 'SUCCEED',
			name: 'Anna',
			style_id: 'system_female_001',
		});
		const model = emu.assets.get(output[0].model_asset_id);
		expect(model).toMatchObject({ asset_type: 'HUMAN_MODEL_2D', asset_state: 'ACTIVED' });
		// what went out: one multipart form with the photo's exact bytes, the style and the name
		const [form] = forms();
		expect(form.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		if (kind === 'accessKey') {
			expect(form.headers['x-sdk-content-sha256']).toBe('UNSIGNED-PAYLOAD');
			expect(form.headers.authorization).toContain('x-sdk-content-sha256');
			expect(form.headers.authorization).not.toMatch(/SignedHeaders=[^,]*content-type/);
		}
		expect(form.status).toBe(200);
		expect(form.body).toContain('name="style_id"\r\n\r\nsystem_female_001\r\n');
		expect(form.body).toContain('name="name"\r\n\r\nAnna\r\n');
		expect(form.body).toContain('name="file"; filename="anna.png"\r\nContent-Type: image/png');
		// the model is a digital human for Video → Create
		const video = await runWorkflow(
			metaStudioWorkflow([{}], {
				resource: 'video',
				operation: 'create',
				modelAssetId: byId(output[0].model_asset_id),
				voiceAssetId: byId(''),
				text: 'Hello from a photo.',
				videoName: 'From a photo',
				waitMode: 'poll',
				download: false,
				options: {},
				additionalFields: {},
			}),
			{ credentials: credentialsFor(emu.url, kind) },
		);
		expect(video.error).toBeUndefined();
		expect(video.out('MetaStudio')[0].state).toBe('SUCCEED');
	},
);

test('the photo’s bytes arrive as they are in binary data (a larger one): the model’s cover is that photo', async () => {
	const big = Buffer.concat([
		PHOTO.subarray(0, PHOTO.length - 12),
		crypto.randomBytes(300_000),
		PHOTO.subarray(-12),
	]);
	const { output } = await run([
		{
			name: 'Ben',
			$binary: {
				data: { base64: big.toString('base64'), fileName: 'ben.png', mimeType: 'image/png' },
			},
		},
	]);
	expect(output[0]).toMatchObject({ state: 'SUCCEED' });
	// the emulator keeps the photo it received as the model's cover (emulator/README, Picture modeling)
	const shown = await fetch(
		`${emu.url}/v1/${DEMO.projectId}/digital-assets/${output[0].model_asset_id}`,
		{
			headers: { 'X-Auth-Token': DEMO.token },
		},
	);
	const cover = (await shown.json()).files.find((f) => f.asset_file_category === 'COVER');
	const served = Buffer.from(await (await fetch(cover.download_url)).arrayBuffer());
	expect(crypto.createHash('md5').update(served).digest('hex')).toBe(
		crypto.createHash('md5').update(big).digest('hex'),
	);
});

test('a job that fails is an error with Huawei’s reason; a missing photo names the field; one item each', async () => {
	const { output } = await run([
		{ name: 'Broken [[fail]]', $binary: photo },
		{ name: 'No photo' },
		{ name: 'Fine', $binary: photo },
	]);
	expect(output).toHaveLength(3);
	expect(output[0].error).toMatch(/^Picture modeling job \S+ ended FAILED: MSS\.20005001/);
	expect(output[1].error).toBe('Input Binary Field "data" is not in the input item (item 1)');
	expect(output[2].state).toBe('SUCCEED');
	expect(forms()).toHaveLength(2);
});
