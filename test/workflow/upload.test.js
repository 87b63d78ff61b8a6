// Asset → Create with files from the item's binary data, through WorkflowExecute against the
// emulator: the asset is created, each file gets an upload URL, goes to the storage host with its
// MD5 and size and no MetaStudio credential, and is confirmed; the asset is then usable and serves
// the same bytes. A file MetaStudio would refuse is refused before anything is sent; an upload that
// fails leaves no usable asset; under Continue On Fail each item gives exactly one item.
'use strict';
const crypto = require('node:crypto');
const { startEmulator } = require('../../emulator');
const { runWorkflow, metaStudioWorkflow, shutdown } = require('../../harness/in-process');
const { credentialsFor } = require('../../harness/credentials');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, rates: false });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

/** A small PNG (its 8-byte signature, then bytes that differ per `seed`). */
const png = (seed, size = 4096) =>
	Buffer.concat([
		Buffer.from('89504e470d0a1a0a', 'hex'),
		crypto.createHash('sha256').update(String(seed)).digest(),
		Buffer.alloc(size - 40, seed % 251),
	]);
const file = (bytes, fileName, mimeType) => ({
	base64: bytes.toString('base64'),
	fileName,
	mimeType,
});

async function run(items, parameters, kind = 'accessKey') {
	const result = await runWorkflow(
		metaStudioWorkflow(
			items,
			{ resource: 'asset', operation: 'create', options: {}, ...parameters },
			{ onError: 'continueRegularOutput' },
		),
		{ credentials: credentialsFor(emu.url, kind) },
	);
	return { ...result, output: result.out('MetaStudio') };
}

const gateway = (path) => emu.requests.filter((r) => r.path.includes(path));
const puts = () => emu.storageRequests.filter((r) => r.method === 'PUT');

async function download(url) {
	const res = await fetch(url);
	return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

test('an image in binary data becomes a usable IMAGE asset whose stored bytes are the same, with no credential at the storage host', async () => {
	const images = [png(1), png(2, 9000)];
	const { output, error } = await run(
		images.map((bytes, i) => ({
			name: `Logo ${i}`,
			$binary: { data: file(bytes, `logo-${i}.png`, 'image/png') },
		})),
		{
			assetName: '={{ $json.name }}',
			assetAssetType: 'IMAGE',
			additionalFields: { tags: 'logo,n8n' },
		},
	);
	expect(error).toBeUndefined();
	expect(output).toHaveLength(2);
	for (const [i, asset] of output.entries()) {
		expect(asset.asset_name).toBe(`Logo ${i}`);
		expect(asset.asset_type).toBe('IMAGE');
		expect(asset.asset_state).toBe('ACTIVED');
		expect(asset.tags).toEqual(['logo', 'n8n']);
		const main = asset.files.filter((f) => f.asset_file_category === 'MAIN');
		expect(main).toHaveLength(1);
		expect(main[0]).toMatchObject({ file_name: `logo-${i}.png`, file_size: images[i].length });
		const got = await download(main[0].download_url);
		expect(got.status).toBe(200);
		expect(got.bytes.equals(images[i])).toBe(true);
	}
	// per file: one upload URL, one PUT with the declared MD5, one confirmation
	expect(gateway('/files').filter((r) => r.method === 'POST')).toHaveLength(4);
	expect(puts()).toHaveLength(2);
	for (const put of puts()) {
		expect(put.credentialHeaders).toEqual([]);
		expect(put.status).toBe(200);
	}
	const md5s = gateway('/files')
		.filter((r) => r.path.endsWith('/files'))
		.map((r) => JSON.parse(r.body).file_md5)
		.sort();
	expect(md5s).toEqual(
		images.map((b) => crypto.createHash('md5').update(b).digest('base64')).sort(),
	);
});

test('a cover beside the main file, and an IAM token credential: the token stays at the gateway', async () => {
	const video = Buffer.concat([
		Buffer.from('000000186674797069736f6d', 'hex'),
		Buffer.alloc(5000, 7),
	]);
	const cover = png(3);
	const { output, error } = await run(
		[
			{
				$binary: {
					clip: file(video, 'intro.mp4', 'video/mp4'),
					thumb: file(cover, 'intro.png', 'image/png'),
				},
			},
		],
		{
			assetName: 'Intro',
			assetAssetType: 'VIDEO',
			inputDataFieldName: 'clip',
			otherFiles: { file: [{ field: 'thumb', category: 'COVER' }] },
			additionalFields: {},
		},
		'token',
	);
	expect(error).toBeUndefined();
	const [asset] = output;
	expect(asset.asset_state).toBe('ACTIVED');
	expect(asset.files.map((f) => f.asset_file_category).sort()).toEqual(['COVER', 'MAIN']);
	for (const f of asset.files) {
		const got = await download(f.download_url);
		expect(got.bytes.equals(f.asset_file_category === 'MAIN' ? video : cover)).toBe(true);
	}
	for (const put of puts()) expect(put.credentialHeaders).toEqual([]);
});

test('a file MetaStudio would refuse is refused before anything is sent, naming the limit; each item gives one item', async () => {
	const { output } = await run(
		[
			{ $binary: { data: file(Buffer.from('just text'), 'notes.txt', 'text/plain') } },
			{ nothing: true },
			{ $binary: { data: file(png(4), 'ok.png', 'image/png') } },
			{
				$binary: {
					data: file(png(5), 'a.png', 'image/png'),
					other: file(png(6), 'b.png', 'image/png'),
				},
			},
		],
		{
			assetName: 'Picture',
			assetAssetType: 'IMAGE',
			otherFiles: { file: [{ field: '={{ $json.nothing ? "" : "other" }}', category: 'COVER' }] },
			additionalFields: {},
		},
	);
	expect(output).toHaveLength(4);
	expect(output[0].error).toMatch(
		/notes\.txt \(text\/plain\) cannot be the file of a IMAGE asset: it takes jpg/,
	);
	expect(output[1].error).toMatch(/Input Binary Field "data" is not in the input item \(item 1\)/);
	// an IMAGE has only a MAIN file (Huawei's SDK): the cover is refused for every item that has one
	expect(output[2].error).toMatch(/A IMAGE asset has no COVER file: its files are MAIN/);
	expect(output[3].error).toMatch(/A IMAGE asset has no COVER file/);
	expect(gateway('/digital-assets').filter((r) => r.method === 'POST')).toHaveLength(0);
	expect(puts()).toHaveLength(0);
});

test('an upload the storage host refuses leaves no usable asset, and the error names the asset and the file', async () => {
	// upload URLs that are expired when they arrive: the node asks for a new one once, then gives up
	const usual = emu;
	emu = await startEmulator({ port: 0, quiet: true, rates: false, uploadUrlTtlMs: -1000 });
	try {
		await refusedTwice();
	} finally {
		await emu.close();
		emu = usual;
	}
});

async function refusedTwice() {
	const { output } = await run([{ $binary: { data: file(png(7), 'late.png', 'image/png') } }], {
		assetName: 'Late',
		assetAssetType: 'IMAGE',
		additionalFields: {},
	});
	expect(output).toHaveLength(1);
	expect(output[0].error).toMatch(
		/late\.png \(data\) could not be uploaded into asset \S+, which was deleted again: The upload URL of late\.png was refused twice/,
	);
	expect(puts().map((p) => p.status)).toEqual([403, 403]);
	const assetId = /into asset (\S+),/.exec(output[0].error)[1];
	// in the recycle bin (DeleteAsset's default), never usable
	expect(emu.assets.get(assetId)?.asset_state ?? 'DELETED').toBe('DELETED');
	// the first file was cancelled for a new URL, the second confirmed FAILED, then the asset deleted
	const confirms = gateway('/complete').map((r) => JSON.parse(r.body).state);
	expect(confirms).toEqual(['CANCELLED', 'FAILED']);
	expect(gateway(`/digital-assets/${assetId}`).map((r) => r.method)).toContain('DELETE');
}

test('bytes altered on the way (the MD5 no longer matches) leave no usable asset: confirmed FAILED, the asset deleted', async () => {
	const { output } = await run(
		[{ $binary: { data: file(png(8), 'logo [[corrupt]].png', 'image/png') } }],
		{
			assetName: 'Corrupt',
			assetAssetType: 'IMAGE',
			additionalFields: {},
		},
	);
	expect(output).toHaveLength(1);
	expect(output[0].error).toMatch(
		/^logo \[\[corrupt\]\]\.png \(data\) could not be uploaded into asset \S+, which was deleted again: The storage host refused logo \[\[corrupt\]\]\.png: HTTP 400 BadDigest/,
	);
	const assetId = /into asset (\S+),/.exec(output[0].error)[1];
	expect(emu.assets.get(assetId)?.asset_state ?? 'DELETED').toBe('DELETED');
	expect(gateway('/complete').map((r) => JSON.parse(r.body).state)).toEqual(['FAILED']);
	expect(puts().map((p) => p.status)).toEqual([400]);
});
