'use strict';
// Photos of people (CreatePhotoDetection, CreatePhotoDigitalHumanVideo's human_image): whether one can
// be driven, read from its header only (nothing is decoded), and the photo-detection jobs. Huawei's
// limits (the SDK: "照片分辨率不超过1080P"; the product's photo-video limits: PNG, JPG, JPEG or WEBP,
// at most 16 MB). A detection job's state is worked out from its timestamps, as a video job's: WAITING,
// PROCESSING, then SUCCEED, or FAILED with error_info when the photo cannot be driven.
// Answers: ShowPhotoDetectionResponse (model_show_photo_detection_response.go).
const crypto = require('node:crypto');
const { rfc3339 } = require('./time');

const MAX_PHOTO_BYTES = 16 * 1024 * 1024;
// 1080P, either way up: a portrait 1080x1920 photo is 1080P too.
const MAX_LONG_SIDE = 1920;
const MAX_SHORT_SIDE = 1080;
/** Bytes a test puts in a photo (a PNG tEXt chunk, or after the image) for "no face in it". */
const NO_FACE_MARKER = '[[no-face]]';

// Made up: MetaStudio publishes no codes for a photo that cannot be driven.
const PHOTO_ERRORS = {
	undecodable: 'MSS.20004001',
	tooLarge: 'MSS.20004002',
	resolution: 'MSS.20004003',
	noFace: 'MSS.20004004',
};

/** Base64 as the SDK sends it (line breaks allowed), decoded; null when it is not Base64. */
function decodeBase64(text) {
	const compact = String(text).replace(/[\r\n]/g, '');
	if (compact.length === 0 || compact.length % 4 !== 0) return null;
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
	return Buffer.from(compact, 'base64');
}

// JPEG start-of-frame markers (C0-CF but DHT C4, JPG C8, DAC CC): they carry the size.
const isSof = (marker) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);

function jpegSize(bytes) {
	let at = 2;
	while (at + 4 <= bytes.length) {
		if (bytes[at] !== 0xff) return null;
		const marker = bytes[at + 1];
		// fill bytes, and the markers that stand alone (no length)
		if (marker === 0xff) {
			at += 1;
			continue;
		}
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
			at += 2;
			continue;
		}
		const length = bytes.readUInt16BE(at + 2);
		if (isSof(marker))
			return at + 9 <= bytes.length
				? { width: bytes.readUInt16BE(at + 7), height: bytes.readUInt16BE(at + 5) }
				: null;
		at += 2 + length;
	}
	return null;
}

function webpSize(bytes) {
	const chunk = bytes.toString('latin1', 12, 16);
	if (chunk === 'VP8X' && bytes.length >= 30)
		return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
	if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
		const bits = bytes.readUInt32LE(21);
		return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8 ' && bytes.length >= 30 && bytes.readUIntBE(23, 3) === 0x9d012a)
		return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
	return null;
}

/** The format and size of an image from its header (PNG IHDR, JPEG SOF, WEBP VP8/VP8L/VP8X), or null. */
function imageHeader(bytes) {
	if (
		bytes.length >= 24 &&
		bytes.readUInt32BE(0) === 0x89504e47 &&
		bytes.readUInt32BE(4) === 0x0d0a1a0a
	) {
		if (bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
		return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	}
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
		const size = jpegSize(bytes);
		return size && { format: 'jpeg', ...size };
	}
	if (
		bytes.length >= 16 &&
		bytes.toString('latin1', 0, 4) === 'RIFF' &&
		bytes.toString('latin1', 8, 12) === 'WEBP'
	) {
		const size = webpSize(bytes);
		return size && { format: 'webp', ...size };
	}
	return null;
}

/**
 * What a photo (human_image, Base64) is: { width, height, format } when it can be driven, else
 * { errorInfo: { error_code, error_msg } }, checked in this order: Base64 of a PNG, JPEG or WEBP
 * header; at most 16 MB; at most 1080P; no NO_FACE_MARKER in its bytes.
 */
function examinePhoto(base64) {
	const fail = (which, message) => ({
		errorInfo: { error_code: PHOTO_ERRORS[which], error_msg: message },
	});
	if (/^data:/i.test(String(base64)))
		return fail(
			'undecodable',
			'The photo is a data: URL; human_image takes only the Base64 of the image',
		);
	const bytes = decodeBase64(base64);
	if (!bytes) return fail('undecodable', 'The photo is not Base64');
	const header = imageHeader(bytes);
	if (!header || header.width === 0 || header.height === 0)
		return fail('undecodable', 'The photo is not a PNG, JPEG or WEBP image');
	if (bytes.length > MAX_PHOTO_BYTES)
		return fail(
			'tooLarge',
			`The photo is ${bytes.length} bytes, more than 16 MB (${MAX_PHOTO_BYTES})`,
		);
	const long = Math.max(header.width, header.height);
	const short = Math.min(header.width, header.height);
	if (long > MAX_LONG_SIDE || short > MAX_SHORT_SIDE)
		return fail(
			'resolution',
			`The photo is ${header.width}x${header.height}, more than 1080P (1920x1080 or 1080x1920)`,
		);
	if (bytes.includes(NO_FACE_MARKER)) return fail('noFace', 'No face was found in the photo');
	return header;
}

// ---- photo-detection jobs ----

const DETECTION_STATES = ['WAITING', 'PROCESSING', 'SUCCEED', 'FAILED', 'CANCELED'];

/** A new detection job: WAITING for the first fifth of `detectionMs`, PROCESSING for the rest. */
function newDetection(humanImage, nowMs, detectionMs) {
	const photo = examinePhoto(humanImage);
	return {
		job_id: crypto.randomUUID(),
		createMs: nowMs,
		startMs: nowMs + Math.round(detectionMs / 5),
		naturalEndMs: nowMs + detectionMs,
		naturalEnd: photo.errorInfo
			? { state: 'FAILED', errorInfo: photo.errorInfo }
			: { state: 'SUCCEED' },
		photo,
	};
}

/** ShowPhotoDetectionResponse at nowMs. */
function detectionShow(job, nowMs) {
	let state = 'WAITING';
	if (nowMs >= job.naturalEndMs) state = job.naturalEnd.state;
	else if (nowMs >= job.startMs) state = 'PROCESSING';
	const info = { job_id: job.job_id, state };
	if (state === 'FAILED') info.error_info = { ...job.naturalEnd.errorInfo };
	info.create_time = rfc3339(job.createMs);
	return info;
}

module.exports = {
	MAX_PHOTO_BYTES,
	NO_FACE_MARKER,
	PHOTO_ERRORS,
	DETECTION_STATES,
	decodeBase64,
	imageHeader,
	examinePhoto,
	newDetection,
	detectionShow,
};
