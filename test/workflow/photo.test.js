// Photo Video → Create through WorkflowExecute against the emulator: a photo in binary data is
// checked by MetaStudio's photo detection, then becomes a video whose MP4 comes back as binary data,
// on the same waiting machinery as Video → Create. A photo MetaStudio cannot animate is an error with
// its reason and no video; one it would refuse (type, size, resolution) is refused before anything
// is sent; under Continue On Fail each item gives one item.
'use strict';
const zlib = require('node:zlib');
const { startEmulator } = require('../../emulator');
const { TINY_MP4 } = require('../../emulator/media');
const { runWorkflow, metaStudioWorkflow, shutdown } = require('../../harness/in-process');
const { credentialsFor } = require('../../harness/credentials');

let emu;
beforeAll(async () => {
	emu = await startEmulator({
		port: 0,
		quiet: true,
		rates: false,
		videoWaitMs: 200,
		videoRenderMs: 600,
		photoDetectionMs: 200,
	});
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

/** A real PNG of one colour, `width`×`height`; `text` goes into a tEXt chunk. */
function png(width, height, text) {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (buf) => {
		let c = 0xffffffff;
		for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type, data) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const sum = Buffer.alloc(4);
		sum.writeUInt32BE(crc(body));
		return Buffer.concat([len, body, sum]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x80)]);
	const raw = Buffer.concat(Array.from({ length: height }, () => row));
	return Buffer.concat([
		Buffer.from('89504e470d0a1a0a', 'hex'),
		chunk('IHDR', ihdr),
		...(text ? [chunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1'))] : []),
		chunk('IDAT', zlib.deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
const photo = (bytes, fileName = 'anna.png', mimeType = 'image/png') => ({
	data: { base64: bytes.toString('base64'), fileName, mimeType },
});

async function run(items, parameters = {}) {
	const result = await runWorkflow(
		metaStudioWorkflow(
			items,
			{
				resource: 'photoVideo',
				operation: 'create',
				text: '={{ $json.text }}',
				videoName: '={{ $json.name }}',
				voiceAssetId: { __rl: true, mode: 'id', value: 'asset-voice-demo-0002' },
				waitMode: 'poll',
				download: true,
				binaryPropertyName: 'video',
				options: {},
				additionalFields: {},
				...parameters,
			},
			{ onError: 'continueRegularOutput' },
		),
		{ credentials: credentialsFor(emu.url) },
	);
	return { ...result, output: result.out('MetaStudio'), full: result.items('MetaStudio') };
}

const sent = (path) => emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith(path));

async function bytesOf(binary) {
	if (binary.id) {
		const { Container } = require('@n8n/di');
		const { BinaryDataService } = require('n8n-core');
		return await Container.get(BinaryDataService).getAsBuffer(binary);
	}
	return Buffer.from(binary.data, 'base64');
}

test('a photo and a script become a video whose MP4 is the item’s binary data; the photo is checked first', async () => {
	const image = png(640, 480);
	const { full, output, error } = await run([
		{ text: 'Hello, I am Anna.', name: 'Anna says hello', $binary: photo(image) },
		{ text: 'And I am Ben.', name: 'Ben says hello', $binary: photo(png(1080, 1920), 'ben.png') },
	]);
	expect(error).toBeUndefined();
	expect(output.map((j) => j.state)).toEqual(['SUCCEED', 'SUCCEED']);
	for (const [i, item] of full.entries()) {
		expect(item.json.job_type).toBe('DIGITAL_HUMAN_PHOTO_VIDEO');
		expect(item.binary.video.mimeType).toBe('video/mp4');
		expect(item.binary.video.fileName).toBe(`${['Anna', 'Ben'][i]} says hello.mp4`);
		expect((await bytesOf(item.binary.video)).equals(TINY_MP4)).toBe(true);
	}
	// one detection, then one video, per item; the photo as Base64, the script, the voice
	expect(sent('/photo-detection')).toHaveLength(2);
	const created = sent('/photo-digital-human-videos').map((r) => JSON.parse(r.body));
	expect(created).toHaveLength(2);
	const first = created.find((b) => b.output_asset_config.asset_name === 'Anna says hello');
	expect(Buffer.from(first.human_image, 'base64').equals(image)).toBe(true);
	expect(first.shoot_scripts).toEqual([
		{
			sequence_no: 0,
			shoot_script: { script_type: 'TEXT', text_config: { text: 'Hello, I am Anna.' } },
		},
	]);
	expect(first.voice_config).toEqual({ voice_asset_id: 'asset-voice-demo-0002' });
	// waited on through the video list, as 2D videos are
	expect(
		emu.requests.some((r) => r.path.endsWith('/digital-human-videos') && /job_ids=/.test(r.query)),
	).toBe(true);
});

test('a photo MetaStudio cannot animate is an error with its reason, and no video is created', async () => {
	const { output } = await run([
		{ text: 'Hi.', name: 'No face', $binary: photo(png(320, 240, '[[no-face]]'), 'landscape.png') },
		{ text: 'Hi.', name: 'Face', $binary: photo(png(320, 240)) },
	]);
	expect(output).toHaveLength(2);
	expect(output[0].error).toMatch(/^MetaStudio cannot animate landscape\.png: MSS\.\d+/);
	expect(output[1].state).toBe('SUCCEED');
	expect(sent('/photo-digital-human-videos')).toHaveLength(1);
});

test('a photo MetaStudio would refuse is refused before anything is sent, naming the limit', async () => {
	const { output } = await run([
		{ text: 'Hi.', name: 'Big', $binary: photo(png(2560, 1440), 'big.png') },
		{ text: 'Hi.', name: 'Text', $binary: photo(Buffer.from('hello'), 'notes.txt', 'text/plain') },
		{ text: 'x'.repeat(2001), name: 'Long', $binary: photo(png(64, 64)) },
		{ text: 'Hi.', name: 'No photo' },
	]);
	expect(output.map((o) => o.error)).toEqual([
		'big.png is 2560×1440: MetaStudio takes photos of at most 1920×1080 (1080P) (item 0)',
		'notes.txt (text/plain) is not a photo: MetaStudio takes a JPG, PNG or WEBP (item 1)',
		'Script is too long: 2001 characters, a photo video takes at most 2000 (item 2)',
		'Input Binary Field "data" is not in the input item (item 3)',
	]);
	expect(emu.requests.filter((r) => r.path.startsWith('/v1/'))).toHaveLength(0);
});

test('Don’t Wait answers the job, and Photo Video → Get reads it', async () => {
	const { output } = await run([{ text: 'Later.', name: 'Later', $binary: photo(png(64, 64)) }], {
		waitMode: 'none',
	});
	expect(output[0]).toMatchObject({ state: 'WAITING' });
	const jobId = output[0].job_id;
	expect(jobId).toMatch(/\S/);
	const got = await runWorkflow(
		metaStudioWorkflow([{}], {
			resource: 'photoVideo',
			operation: 'get',
			jobId,
			options: {},
			additionalFields: {},
		}),
		{ credentials: credentialsFor(emu.url) },
	);
	expect(got.error).toBeUndefined();
	expect(got.out('MetaStudio')[0]).toMatchObject({
		job_id: jobId,
		job_type: 'DIGITAL_HUMAN_PHOTO_VIDEO',
	});
});

test('the photo from an image asset: its main file is read from the storage host (no MetaStudio credential) and sent', async () => {
	const { PNG } = require('../../emulator/media');
	const { output, error } = await run([{ text: 'Hello from the office.', name: 'Office' }], {
		photoSource: 'asset',
		photoAssetId: { __rl: true, mode: 'id', value: 'asset-image-demo-0001' },
	});
	expect(error).toBeUndefined();
	expect(output[0]).toMatchObject({ state: 'SUCCEED', job_type: 'DIGITAL_HUMAN_PHOTO_VIDEO' });
	const [created] = sent('/photo-digital-human-videos').map((r) => JSON.parse(r.body));
	expect(Buffer.from(created.human_image, 'base64').equals(PNG)).toBe(true);
	const reads = emu.storageRequests.filter((r) => r.path.endsWith('/office.png'));
	expect(reads.length).toBeGreaterThanOrEqual(1);
	for (const r of emu.storageRequests) expect(r.credentialHeaders).toEqual([]);
	// an asset that is no photo is refused before a detection is asked for
	const wrong = await run([{ text: 'Hi.', name: 'Music' }], {
		photoSource: 'asset',
		photoAssetId: { __rl: true, mode: 'id', value: 'asset-music-demo-0001' },
	});
	expect(wrong.output[0].error).toMatch(
		/is not a photo: MetaStudio takes a JPG, PNG or WEBP \(item 0\)$/,
	);
});
